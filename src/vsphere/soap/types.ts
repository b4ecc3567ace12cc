/** Shapes shared by the SOAP encoder, decoder and client. */

/** A managed object reference as it travels in JSON: `{ type: "VirtualMachine", value: "vm-42" }`. */
export interface MoRef {
  type: string;
  value: string;
}

/** A decoded (or to-be-encoded) vim25 value. Data objects carry their xsi:type as `_type`. */
export type VimValue = string | number | boolean | null | MoRef | VimObject | VimValue[];
export interface VimObject {
  _type?: string;
  [field: string]: VimValue | undefined;
}

export function isMoRef(value: unknown): value is MoRef {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 2 && typeof (value as MoRef).type === "string" &&
    typeof (value as MoRef).value === "string";
}

export function moRef(type: string, value: string): MoRef {
  return { type, value };
}

/** Type metadata the codec needs; the generated vim25 tables implement it (../vim25/vim_schema.ts). */
export interface VimSchema {
  /** Ordered fields of a data type including inherited ones, base first; undefined when unknown. */
  fieldsOf(typeName: string): readonly VimField[] | undefined;
  /** The ordered parameters of a method's request (after `_this`). */
  paramsOf(method: string): readonly VimField[] | undefined;
  /** The declared return type of a method; `array` when it returns a list. */
  returnOf(method: string): VimField | undefined;
  /** Whether `typeName` is `ancestor` or derives from it. */
  isSubtypeOf(typeName: string, ancestor: string): boolean;
  /** The allowed values when `typeName` is an enum. */
  enumValues(typeName: string): readonly string[] | undefined;
}

export interface VimField {
  name: string;
  /** Type name without namespace: "string", "int", "ManagedObjectReference", "VirtualDeviceConfigSpec"... */
  type: string;
  array: boolean;
  /** minOccurs="0": may be left out. */
  optional: boolean;
}
