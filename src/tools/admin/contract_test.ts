import assert from "node:assert/strict";
import { validateCases } from "../../../tests/helpers/wsdl_validate.ts";
import { ADMIN_CONTRACT_CASES } from "./contract_cases.ts";

Deno.test({
  name: "authorization, session and license requests validate against the vim25 WSDL",
  async fn() {
    const results = await validateCases(ADMIN_CONTRACT_CASES);
    for (const [name, outcome] of results) assert.equal(outcome, "ok", `${name}: ${outcome}`);
  },
});
