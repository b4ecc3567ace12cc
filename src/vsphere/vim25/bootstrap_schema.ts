/**
 * The few vim25 shapes the walking skeleton needs (property collector and session), until the schema
 * generated from VMware's WSDL replaces this table. Field lists are copied from vim.wsdl in order.
 */
import type { VimField, VimSchema } from "../soap/types.ts";

const f = (name: string, type: string, array = false): VimField => ({ name, type, array });
const MOREF = "ManagedObjectReference";

const types: Record<string, VimField[]> = {
  ObjectContent: [
    f("obj", MOREF),
    f("propSet", "DynamicProperty", true),
    f("missingSet", "MissingProperty", true),
  ],
  DynamicProperty: [f("name", "string"), f("val", "anyType")],
  MissingProperty: [f("path", "string"), f("fault", "LocalizedMethodFault")],
  RetrieveResult: [f("token", "string"), f("objects", "ObjectContent", true)],
  PropertyFilterSpec: [
    f("propSet", "PropertySpec", true),
    f("objectSet", "ObjectSpec", true),
    f("reportMissingObjectsInResults", "boolean"),
  ],
  PropertySpec: [f("type", "string"), f("all", "boolean"), f("pathSet", "string", true)],
  ObjectSpec: [f("obj", MOREF), f("skip", "boolean"), f("selectSet", "SelectionSpec", true)],
  SelectionSpec: [f("name", "string")],
  TraversalSpec: [
    f("name", "string"),
    f("type", "string"),
    f("path", "string"),
    f("skip", "boolean"),
    f(
      "selectSet",
      "SelectionSpec",
      true,
    ),
  ],
  RetrieveOptions: [f("maxObjects", "int")],
  // anyType slot: its primitive value needs xsi:type or vCenter reads it as unset (advanced settings).
  OptionValue: [f("key", "string"), f("value", "anyType")],
};

const params: Record<string, VimField[]> = {
  RetrieveServiceContent: [],
  Login: [f("userName", "string"), f("password", "string"), f("locale", "string")],
  Logout: [],
  CreateContainerView: [f("container", MOREF), f("type", "string", true), f("recursive", "boolean")],
  DestroyView: [],
  RetrievePropertiesEx: [f("specSet", "PropertyFilterSpec", true), f("options", "RetrieveOptions")],
  ContinueRetrievePropertiesEx: [f("token", "string")],
  CancelRetrievePropertiesEx: [f("token", "string")],
  CurrentTime: [],
  CancelTask: [],
};

const returns: Record<string, VimField> = {
  RetrievePropertiesEx: f("returnval", "RetrieveResult"),
  ContinueRetrievePropertiesEx: f("returnval", "RetrieveResult"),
  CreateContainerView: f("returnval", MOREF),
  CurrentTime: f("returnval", "dateTime"),
};

export const bootstrapSchema: VimSchema = {
  fieldsOf: (name) => types[name],
  paramsOf: (method) => params[method],
  returnOf: (method) => returns[method],
};
