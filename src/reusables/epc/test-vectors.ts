/** TDS appendix vectors (as transcribed in TagDataTranslation's TDSStandard tests), see reference/epcis-rfid.md §2.3. */
export const TDS_VECTORS = [
  {
    hex: '3074257BF7194E4000001A85',
    tagUri: 'urn:epc:tag:sgtin-96:3.0614141.812345.6789',
    urn: 'urn:epc:id:sgtin:0614141.812345.6789',
    elementString: '(01)80614141123458(21)6789',
    digitalLink: 'https://id.gs1.org/01/80614141123458/21/6789',
  },
  {
    hex: '3674257BF6B7A659B2C2BF1000000000000000000000000000',
    tagUri: 'urn:epc:tag:sgtin-198:3.0614141.712345.32a%2Fb',
    urn: 'urn:epc:id:sgtin:0614141.712345.32a%2Fb',
    elementString: '(01)70614141123451(21)32a/b',
    digitalLink: 'https://id.gs1.org/01/70614141123451/21/32a%2Fb',
  },
  {
    hex: '3374257BF40C0E400000162E',
    tagUri: 'urn:epc:tag:grai-96:3.0614141.12345.5678',
    urn: 'urn:epc:id:grai:0614141.12345.5678',
    elementString: '(8003)006141411234525678',
    digitalLink: 'https://id.gs1.org/8003/006141411234525678',
  },
  {
    hex: '3774257BF40C0E59B2C2BF100000000000000000000',
    tagUri: 'urn:epc:tag:grai-170:3.0614141.12345.32a%2Fb',
    urn: 'urn:epc:id:grai:0614141.12345.32a%2Fb',
    elementString: '(8003)0061414112345232a/b',
    digitalLink: 'https://id.gs1.org/8003/0061414112345232a%2Fb',
  },
  {
    hex: '3174257BF4499602D2000000',
    tagUri: 'urn:epc:tag:sscc-96:3.0614141.1234567890',
    urn: 'urn:epc:id:sscc:0614141.1234567890',
    elementString: '(00)106141412345678908',
    digitalLink: 'https://id.gs1.org/00/106141412345678908',
  },
  {
    hex: '3274257BF46072000000162E',
    tagUri: 'urn:epc:tag:sgln-96:3.0614141.12345.5678',
    urn: 'urn:epc:id:sgln:0614141.12345.5678',
    elementString: '(414)0614141123452(254)5678',
    digitalLink: 'https://id.gs1.org/414/0614141123452/254/5678',
  },
  {
    hex: '3474257BF40000000000162E',
    tagUri: 'urn:epc:tag:giai-96:3.0614141.5678',
    urn: 'urn:epc:id:giai:0614141.5678',
    elementString: '(8004)06141415678',
    digitalLink: 'https://id.gs1.org/8004/06141415678',
  },
] as const;
