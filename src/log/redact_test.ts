import assert from "node:assert/strict";
import { clearSecrets, redact, REDACTED, redactText, registerSecret } from "./redact.ts";
import { createFormatter } from "./mod.ts";

Deno.test("redact() masks secret-looking keys at any depth", () => {
  const out = redact({
    user: "svc",
    password: "p1",
    Authorization: "Bearer abcdefgh",
    headers: { cookie: "vmware_soap_session=xyz", "x-api-key": "k" },
    list: [{ sessionId: "s", session_id: "s2", clientToken: "t", secret: "q" }],
    confirmation_handle: "cfm_x",
  });
  assert.deepEqual(out, {
    user: "svc",
    password: REDACTED,
    Authorization: REDACTED,
    headers: { cookie: REDACTED, "x-api-key": REDACTED },
    list: [{ sessionId: REDACTED, session_id: REDACTED, clientToken: REDACTED, secret: REDACTED }],
    confirmation_handle: "cfm_x",
  });
});

Deno.test("redactText() masks SOAP password elements, session cookies, bearer credentials", () => {
  const soap = "<Login><userName>u</userName><password>hunter2</password></Login>";
  assert.equal(redactText(soap), `<Login><userName>u</userName><password>${REDACTED}</password></Login>`);
  assert.equal(
    redactText('set-cookie: vmware_soap_session="52a1-bc"; Path=/'),
    `set-cookie: vmware_soap_session=${REDACTED}; Path=/`,
  );
  assert.equal(redactText("Authorization: Bearer abc.def-ghi"), `Authorization: Bearer ${REDACTED}`);
  assert.equal(redactText("password=hunter2&user=x"), `password=${REDACTED}&user=x`);
  assert.equal(redactText('{"token": "abc"}'), `{"token": "${REDACTED}"}`);
});

Deno.test("registerSecret() values are masked wherever they appear", () => {
  registerSecret("S3cret-Canary-42");
  registerSecret("ab"); // too short to be a meaningful secret: ignored
  try {
    assert.equal(redactText("login failed for S3cret-Canary-42!"), `login failed for ${REDACTED}!`);
    assert.deepEqual(redact({ note: ["x S3cret-Canary-42 y"] }), { note: [`x ${REDACTED} y`] });
    assert.equal(redactText("abc"), "abc");
  } finally {
    clearSecrets();
  }
});

Deno.test("createFormatter() redacts log records in text and JSON and shows the call's ids", () => {
  registerSecret("Canary-Log-Secret");
  try {
    const record = {
      category: ["vsphere-mcp", "test"],
      level: "info" as const,
      message: ["Login with ", { password: "Canary-Log-Secret" }, " done"],
      rawMessage: "Login with {args} done",
      timestamp: 0,
      properties: { args: { password: "Canary-Log-Secret" }, eventId: "ev-1", tool: "vm_power" },
    };
    const text = createFormatter("text")(record);
    assert.ok(!text.includes("Canary-Log-Secret"), text);
    assert.match(text, /\[eventId=ev-1 tool=vm_power\]\n$/);
    const json = JSON.parse(createFormatter("json")(record));
    assert.equal(json.eventId, "ev-1");
    assert.ok(!JSON.stringify(json).includes("Canary-Log-Secret"));
  } finally {
    clearSecrets();
  }
});
