/** Input fields many tools share, so they read and translate the same everywhere. */
import { z } from "zod";
import type { Translate } from "../../i18n/mod.ts";

/** A VM by MoRef id (vm-42) or exact name. */
export function vmInput(t: Translate) {
  return z.string().min(1).max(300).describe(t("param.vm"));
}

export function datacenterInput(t: Translate) {
  return z.string().min(1).max(300).optional().describe(t("param.datacenter"));
}

/** Bounded wait for vCenter tasks; past it the tool returns the task id for task tools to follow. */
export function waitInput(t: Translate) {
  return z.number().int().min(0).max(3600).default(120).describe(t("param.wait_seconds"));
}
