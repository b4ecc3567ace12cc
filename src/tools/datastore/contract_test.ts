import assert from "node:assert/strict";
import { validateCases } from "../../../tests/helpers/wsdl_validate.ts";
import { DATASTORE_CONTRACT_CASES } from "./contract_cases.ts";

Deno.test({
  name: "datastore requests validate against the vim25 WSDL",
  async fn() {
    const results = await validateCases(DATASTORE_CONTRACT_CASES);
    for (const [name, outcome] of results) assert.equal(outcome, "ok", `${name}: ${outcome}`);
  },
});
