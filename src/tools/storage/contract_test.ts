import assert from "node:assert/strict";
import { methodElement, validateCases } from "../../../tests/helpers/wsdl_validate.ts";
import { STORAGE_CONTRACT_CASES } from "./contract_cases.ts";

Deno.test({
  name: "storage requests validate against the vim25 WSDL",
  async fn() {
    const results = await validateCases(STORAGE_CONTRACT_CASES);
    assert.equal(results.size, STORAGE_CONTRACT_CASES.length);
    for (const [name, outcome] of results) assert.equal(outcome, "ok", `${name}: ${outcome}`);
  },
});

Deno.test("vmfs create puts the volume name into vCenter's own spec; CHAP and targets have the WSDL shape", () => {
  const create = STORAGE_CONTRACT_CASES.find((c) => c.name === "vmfs_datastore create")!;
  assert.match(
    methodElement(create),
    /<majorVersion>6<\/majorVersion><volumeName>vmfs-prod-01<\/volumeName>/,
  );
  const chap = STORAGE_CONTRACT_CASES.find((c) => c.name === "host_storage_config iscsi_chap")!;
  assert.match(
    methodElement(chap),
    /<chapAuthEnabled>true<\/chapAuthEnabled><chapName>esx01<\/chapName><chapSecret>s3cret<\/chapSecret><chapAuthenticationType>chapRequired/,
  );
  const target = STORAGE_CONTRACT_CASES.find((c) =>
    c.name === "host_storage_config iscsi_add_static_target"
  )!;
  assert.match(methodElement(target), /<address>10.0.0.5<\/address><port>3260<\/port><iScsiName>iqn/);
  const sdrs = STORAGE_CONTRACT_CASES.find((c) => c.name === "datastore_cluster configure_sdrs")!;
  assert.match(
    methodElement(sdrs),
    /<enabled>true<\/enabled><ioLoadBalanceEnabled>true<\/ioLoadBalanceEnabled><defaultVmBehavior>automated/,
  );
});
