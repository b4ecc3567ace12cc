/**
 * The vim25 schema the codec and the fault mapper use, backed by the tables generated from VMware's WSDL
 * (./schema.ts, written by tools_dev/gen_vim25.ts). The packed tables are decoded on first use only.
 */
import type { VimField, VimSchema } from "../soap/types.ts";
import { ARRAY, decodeIndexes, OPTIONAL } from "./packing.ts";
import { ENUMS, METHODS, NAMES, TYPES } from "./schema.ts";
import { arrayItemType, MOREF, XSD_TYPES } from "../soap/xsd.ts";

interface Tables {
  types: Map<string, { base: string; fields: VimField[] }>;
  enums: Map<string, string[]>;
  methods: Map<string, { params: VimField[]; returns: VimField | undefined; faults: string[] }>;
}

function decodeTables(): Tables {
  const names = NAMES.split(" ");
  const fieldsFrom = (ix: number[], from: number): VimField[] => {
    const fields: VimField[] = [];
    for (let i = from; i + 2 < ix.length; i += 3) {
      const flags = ix[i + 2]!;
      fields.push({
        name: names[ix[i]!]!,
        type: names[ix[i + 1]!]!,
        array: (flags & ARRAY) !== 0,
        optional: (flags & OPTIONAL) !== 0,
      });
    }
    return fields;
  };
  const types: Tables["types"] = new Map();
  for (const record of TYPES.split(";")) {
    const ix = decodeIndexes(record);
    types.set(names[ix[0]!]!, { base: names[ix[1]!]!, fields: fieldsFrom(ix, 2) });
  }
  const enums: Tables["enums"] = new Map();
  for (const record of ENUMS.split(";")) {
    const [name, ...values] = decodeIndexes(record).map((i) => names[i]!);
    enums.set(name!, values);
  }
  const methods: Tables["methods"] = new Map();
  for (const record of METHODS.split(";")) {
    const [head = "", faults = ""] = record.split(",");
    const ix = decodeIndexes(head);
    const returnType = names[ix[1]!]!;
    const flags = ix[2]!;
    methods.set(names[ix[0]!]!, {
      params: fieldsFrom(ix, 3),
      returns: returnType
        ? {
          name: "returnval",
          type: returnType,
          array: (flags & ARRAY) !== 0,
          optional: (flags & OPTIONAL) !== 0,
        }
        : undefined,
      faults: decodeIndexes(faults).map((i) => names[i]!),
    });
  }
  return { types, enums, methods };
}

export class Vim25Schema implements VimSchema {
  #tables: Tables | undefined;
  #allFields = new Map<string, readonly VimField[] | undefined>();

  get #t(): Tables {
    return this.#tables ??= decodeTables();
  }

  /** Whether `name` is a data object or fault type (not a primitive, enum or MoRef). */
  isDataType(name: string): boolean {
    return this.#t.types.has(name) || this.#arrayItem(name) !== undefined;
  }

  fieldsOf(typeName: string): readonly VimField[] | undefined {
    if (this.#allFields.has(typeName)) return this.#allFields.get(typeName);
    let fields: readonly VimField[] | undefined;
    const item = this.#arrayItem(typeName);
    if (item) fields = [{ name: item, type: item, array: true, optional: true }];
    else {
      const own = this.#t.types.get(typeName);
      if (own) fields = own.base ? [...(this.fieldsOf(own.base) ?? []), ...own.fields] : own.fields;
    }
    this.#allFields.set(typeName, fields);
    return fields;
  }

  baseOf(typeName: string): string | undefined {
    if (this.#arrayItem(typeName)) return "";
    return this.#t.types.get(typeName)?.base;
  }

  isSubtypeOf(typeName: string, ancestor: string): boolean {
    for (let t: string | undefined = typeName; t; t = this.baseOf(t)) {
      if (t === ancestor) return true;
    }
    return false;
  }

  enumValues(typeName: string): readonly string[] | undefined {
    return this.#t.enums.get(typeName);
  }

  paramsOf(method: string): readonly VimField[] | undefined {
    return this.#t.methods.get(method)?.params;
  }

  returnOf(method: string): VimField | undefined {
    return this.#t.methods.get(method)?.returns;
  }

  /** The faults a method declares in the WSDL (RuntimeFault included). */
  faultsOf(method: string): readonly string[] | undefined {
    return this.#t.methods.get(method)?.faults;
  }

  /** Counts, for diagnostics and the generator's report. */
  stats(): { types: number; enums: number; methods: number } {
    const t = this.#t;
    return { types: t.types.size, enums: t.enums.size, methods: t.methods.size };
  }

  #arrayItem(typeName: string): string | undefined {
    if (!typeName.startsWith("ArrayOf")) return undefined;
    const item = arrayItemType(typeName);
    const known = XSD_TYPES.has(item) || item === MOREF || this.#t.types.has(item) || this.#t.enums.has(item);
    return known ? item : undefined;
  }
}

/** The schema of vSphere 9.0's vim25 API (a superset of 7.0U3 and 8.0). */
export const vim25Schema: Vim25Schema = new Vim25Schema();
