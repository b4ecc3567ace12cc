import assert from "node:assert/strict";
import { connect, textOf } from "../../../tests/helpers/mcp.ts";
import { preview, structured } from "../../../tests/helpers/confirm.ts";
import { startVcsim } from "../../../tests/helpers/vcsim.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { waitForTask } from "../../vsphere/objects/tasks.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { hostUrl } from "./host_firmware.ts";
import { simEnv } from "../../../tests/helpers/sim_env.ts";

const HOST: MoRef = { type: "HostSystem", value: "host-21" };

Deno.test("host_software reports each view the simulator cannot answer instead of failing the call", async () => {
  await using sim = await startVcsim();
  await using mcp = await connect({ target: sim.target(), toolsets: ["host_config"] });
  const got = structured(
    await mcp.call("host_software", {
      host: "DC0_H0",
      views: ["image_profile", "vibs", "kernel_modules", "boot_devices", "tpm_attestation"],
    }),
  ) as unknown as { unavailable: { view: string; reason: string }[] };
  assert.deepEqual(got.unavailable.map((u) => u.view), [
    "image_profile",
    "vibs",
    "kernel_modules",
    "boot_devices",
    "tpm_attestation",
  ]);
  assert.match(got.unavailable.find((u) => u.view === "boot_devices")!.reason, /has no bootDeviceSystem/);
});

Deno.test("host_firmware needs maintenance mode and previews a critical reset; host_certificate previews a renewal", async () => {
  await using env = await simEnv(["host_config"]);
  const { mcp, direct } = env;
  const notInMm = await mcp.call("host_firmware", { host: "DC0_H0", action: "reset" });
  assert.match(textOf(notInMm), /must be in maintenance mode/);
  await waitForTask(direct, await direct.call("EnterMaintenanceMode_Task", HOST, { timeout: 0 }) as MoRef);
  const first = await preview(mcp, "host_firmware", { host: "DC0_H0", action: "reset" });
  assert.equal(first.preview?.tier, "critical");
  assert.equal(first.preview?.method, "HostFirmwareSystem.ResetFirmwareToFactoryDefaults");
  assert.match(first.preview?.summary ?? "", /FACTORY DEFAULTS.*REBOOTS/);
  const done = await mcp.call("host_firmware", {
    host: "DC0_H0",
    action: "reset",
    confirm: true,
    confirmation_handle: first.confirmation_handle,
  });
  assert.equal(done.isError, true, "vcsim has no firmware system");
  const state = await retrieveOne(direct, HOST, ["runtime.connectionState", "runtime.inMaintenanceMode"]);
  assert.deepEqual(state, { "runtime.connectionState": "connected", "runtime.inMaintenanceMode": true });

  const backup = await mcp.call("host_firmware_backup", { host: "DC0_H0" });
  assert.equal(backup.isError, true);

  const renew = await preview(mcp, "host_certificate", { action: "renew", hosts: ["DC0_H0", "DC0_C0_H0"] });
  assert.equal(renew.preview?.tier, "high");
  assert.equal(renew.preview?.method, "CertificateManager.CertMgrRefreshCertificates_Task");
  assert.equal(renew.preview?.targets.length, 2);

  const boot = await mcp.call("host_software_config", {
    host: "DC0_H0",
    action: "set_boot_device",
    boot_device: "x",
  });
  assert.match(textOf(boot), /has no bootDeviceSystem/);
});

Deno.test("hostUrl() puts the host's name where ESXi answers with *", () => {
  assert.equal(
    hostUrl("https://*/downloads/5f/configBundle-esx01.tgz", "esx01.corp"),
    "https://esx01.corp/downloads/5f/configBundle-esx01.tgz",
  );
  assert.equal(hostUrl("https://*:443/tmp/x", "h"), "https://h:443/tmp/x");
  assert.equal(hostUrl("https://real/x", "h"), "https://real/x");
});
