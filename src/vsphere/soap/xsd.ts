/** XML Schema names the SOAP codec and the vim25 schema share. */

/** XML Schema built-ins that appear as field types, without the `xsd:` prefix. */
export const XSD_TYPES: ReadonlySet<string> = new Set([
  "string",
  "boolean",
  "byte",
  "short",
  "int",
  "long",
  "float",
  "double",
  "dateTime",
  "base64Binary",
  "anyURI",
  "anyType",
]);

export const MOREF = "ManagedObjectReference";

/** The element name and type of `ArrayOfX`'s items: `ArrayOfString` → `string`, `ArrayOfVirtualDisk` → itself. */
export function arrayItemType(arrayType: string): string {
  const item = arrayType.slice("ArrayOf".length);
  const lower = item.charAt(0).toLowerCase() + item.slice(1);
  return XSD_TYPES.has(lower) ? lower : item;
}
