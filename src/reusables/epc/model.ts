/** The GS1 keys this module encodes as EPCs. */
export type EpcKind = 'sgtin' | 'sscc' | 'sgln' | 'grai' | 'giai';

/** The RFID binary encodings supported (TDS 2.x). */
export type EpcScheme = 'sgtin-96' | 'sgtin-198' | 'sscc-96' | 'sgln-96' | 'grai-96' | 'grai-170' | 'giai-96';

export const EPC_SCHEMES: readonly EpcScheme[] = [
  'sgtin-96',
  'sgtin-198',
  'sscc-96',
  'sgln-96',
  'grai-96',
  'grai-170',
  'giai-96',
];

/**
 * A pure identity, split as in the EPC URN.
 * `reference` is the indicator + item reference (SGTIN), serial reference with extension digit (SSCC),
 * location reference (SGLN), asset type (GRAI) or individual asset reference (GIAI, unescaped).
 * `serial` is the serial (SGTIN, GRAI) or the extension (SGLN), unescaped; absent for SSCC and GIAI.
 */
export interface EpcIdentity {
  kind: EpcKind;
  companyPrefix: string;
  reference: string;
  serial?: string;
}

/** Every representation of one tag. */
export interface EpcForms {
  scheme: EpcScheme;
  filter: number;
  hex: string;
  identity: EpcIdentity;
  pureIdentityUrn: string;
  tagUri: string;
  elementString: string;
  digitalLink: string;
}
