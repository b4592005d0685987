/**
 * EPCIS 2.0 event model as the repository stores and indexes it.
 *
 * Events are kept as captured (JSON-LD, with the eventID and recordTime the server fills in) so
 * `GS1-EPC-Format: Never_Translates` can answer them unchanged. Queries run on the index fields below,
 * which hold every identifier in one normal form: the canonical GS1 Digital Link on id.gs1.org for the
 * GS1 keys we know (a URN converts to it exactly; a Digital Link cannot convert to a URN without the
 * company prefix length), the URI as given for anything else.
 */

export const EVENT_TYPES = [
  'ObjectEvent',
  'AggregationEvent',
  'TransactionEvent',
  'TransformationEvent',
  'AssociationEvent',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const ACTIONS = ['ADD', 'OBSERVE', 'DELETE'] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * How an identifier takes part in an event, for the MATCH_* query parameters:
 * epc (epcList), child (childEPCs), parent (parentID), input / output (TransformationEvent),
 * class (quantityList epcClass, and the class of every instance identifier so that a MATCH_epc pattern
 * such as `urn:epc:idpat:grai:0614141.12345.*` is an index lookup), pd_set / pd_unset (persistentDisposition).
 */
export const REF_ROLES = ['epc', 'child', 'parent', 'input', 'output', 'class', 'pd_set', 'pd_unset'] as const;
export type RefRole = (typeof REF_ROLES)[number];

export interface EventRef {
  role: RefRole;
  /** Normal form: canonical Digital Link for GS1 keys, the URI as given otherwise; CBV term for pd_*. */
  value: string;
  /**
   * For role `class` only: which list the instance came from (`epc`, `child`, `parent`, `input`, `output`),
   * or `quantity` for an epcClass of a quantityList.
   */
  of?: 'epc' | 'child' | 'parent' | 'input' | 'output' | 'quantity';
}

/** A validated event, ready to store. */
export interface ParsedEvent {
  type: EventType;
  /** ISO 8601 UTC with milliseconds, `2005-04-04T02:33:31.116Z`. */
  eventTimeUtc: string;
  action: Action | null;
  /** Bare CBV term (`shipping`) for standard values, the full URI for custom ones. */
  bizStep: string | null;
  disposition: string | null;
  /** Normal-form identifiers. */
  readPoint: string | null;
  bizLocation: string | null;
  parentId: string | null;
  /** True when the event carries an errorDeclaration. */
  errorDeclared: boolean;
  /** The eventID given by the client, or null (the server then uses the canonical hash). */
  eventId: string | null;
  refs: EventRef[];
  /** The event object as received (the store adds eventID / recordTime when absent). */
  body: Record<string, unknown>;
}

/** One problem in a captured document; `field` is a JSON pointer into the document or event. */
export interface EpcisFieldError {
  /** Index of the event in eventList, when the error is about one event. */
  eventIndex?: number;
  field: string;
  message: string;
}

/** `GS1-EPC-Format` request header values (EPCIS 2.0 REST bindings). */
export const EPC_FORMATS = ['No_Preference', 'Always_GS1_Digital_Link', 'Always_EPC_URN', 'Never_Translates'] as const;
export type EpcFormat = (typeof EPC_FORMATS)[number];

/** `GS1-Capture-Error-Behaviour`. */
export const CAPTURE_BEHAVIOURS = ['rollback', 'proceed'] as const;
export type CaptureBehaviour = (typeof CAPTURE_BEHAVIOURS)[number];

/**
 * The company prefix length of the GS1 key in a Digital Link's digits, when known (for DL → URN).
 * `gs1KeyDigits` starts where the company prefix starts (translateEvent drops the GTIN indicator, the SSCC
 * extension digit and the GRAI filler `0`): GTIN `80614141123458` → `0614141123458`, SSCC `106141412345678908`
 * → `06141412345678908`, GLN `0614141123452`, GRAI `00614141123452…` → `0614141123452`, GIAI as is.
 */
export type CompanyPrefixLookup = (gs1KeyDigits: string) => number | undefined;
