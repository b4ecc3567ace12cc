/**
 * Which of our tools covers each tool of the two reference designs, and how each tool is verified. This is
 * the data behind docs/COVERAGE.md (`make coverage`); tests/coverage_test.ts fails when it names a tool
 * the registry does not have, or when the document is stale.
 *
 * To extend: a seed tool listed in a tool's `aliases` is covered by that tool automatically (an alias
 * wins over an entry here that names another tool). Add an entry to SEED_COVERAGE for seed tools no
 * tool aliases (several seed tools onto one consolidated tool), for an argument to explain in `how`, or
 * for a verification that differs from the tool's. Add every new tool to TOOL_VERIFICATION once its
 * test exists; an undeclared tool shows as "not yet".
 */

/** simulator: a vcsim test asserts the real effect; schema: the request is checked against the vim25
 * WSDL / REST OpenAPI (the simulator lacks the method); not_yet: neither. */
export type Verification = "simulator" | "schema" | "simulator+schema" | "not_yet";

export interface Cover {
  /** Our tool's name. */
  tool: string;
  /** The arguments that select the seed tool's behaviour, e.g. "action=off". */
  how?: string;
  /** Overrides the tool's verification for this use (e.g. a method the simulator lacks). */
  verified?: Verification;
}

/** How each of our tools is verified (see the test beside it). */
export const TOOL_VERIFICATION: Readonly<Record<string, Verification>> = {
  vm_list: "simulator",
  vm_get: "simulator",
  host_get: "simulator",
  inventory_list: "simulator",
  inventory_find: "simulator",
  inventory_overview: "simulator",
  vm_power: "simulator+schema",
  task_list: "simulator",
  task_cancel: "schema",
  event_query: "simulator+schema",
  event_post: "simulator+schema",
  perf_metrics: "simulator",
  perf_query: "simulator+schema",
  tag_category_list: "simulator+schema",
  tag_category: "simulator+schema",
  tag_list: "simulator+schema",
  tag: "simulator+schema",
  tag_assignment_list: "simulator+schema",
  tag_assignment: "simulator+schema",
  custom_attribute_list: "simulator",
  custom_attribute: "simulator",
  library_list: "simulator+schema",
  library: "simulator+schema",
  library_item_list: "simulator+schema",
  library_item: "simulator+schema",
  library_deploy: "simulator+schema",
  library_capture: "simulator+schema",
  target_list: "simulator",
  vm_reconfigure: "simulator+schema",
  vm_disk: "simulator+schema",
  vm_nic: "simulator+schema",
  vm_cdrom: "simulator+schema",
  vm_extra_config: "simulator+schema",
  vm_create: "simulator+schema",
  vm_clone: "simulator+schema",
  vm_relocate: "simulator+schema",
  vm_lifecycle: "simulator+schema",
  vm_destroy: "simulator+schema",
  snapshot_list: "simulator+schema",
  snapshot_create: "simulator+schema",
  snapshot_manage: "simulator+schema",
  host_maintenance: "simulator+schema",
  host_add: "simulator+schema",
  host_inventory: "simulator+schema",
  host_network_list: "simulator+schema",
  host_network: "simulator+schema",
  host_firewall_list: "simulator+schema",
  host_firewall: "simulator+schema",
  host_service_list: "simulator+schema",
  advanced_option_list: "simulator+schema",
  advanced_option: "simulator+schema",
  host_storage: "simulator+schema",
  datastore_info: "simulator+schema",
  datastore_browse: "simulator+schema",
  datastore_file: "simulator+schema",
  datastore_file_delete: "simulator+schema",
  virtual_disk: "simulator+schema",
  virtual_disk_info: "simulator+schema",
  folder: "simulator+schema",
  datacenter: "simulator+schema",
  resource_pool: "simulator+schema",
  container_delete: "simulator+schema",
  role_list: "simulator+schema",
  privilege_list: "simulator+schema",
  role: "simulator+schema",
  permission_list: "simulator+schema",
  permission: "simulator+schema",
  privilege_check: "simulator+schema",
  session_list: "simulator+schema",
  session: "simulator+schema",
  license_list: "simulator+schema",
  license: "simulator+schema",
  datastore_manage: "simulator+schema",
  host_connection: "simulator+schema",
  host_service: "simulator+schema",
  host_power: "schema",
};

/** Seed tool → our tool, where an alias does not already say it. */
export const SEED_COVERAGE: Readonly<Record<string, Cover>> = {
  // inventory
  test_connection: { tool: "inventory_overview", how: "any call; reports the vCenter version" },
  get_cluster_health: { tool: "inventory_list", how: "kind=cluster, detail=true" },
  get_datacenter_info: { tool: "inventory_list", how: "kind=datacenter, detail=true" },
  list_hosts: { tool: "inventory_list", how: "kind=host" },
  list_datacenters: { tool: "inventory_list", how: "kind=datacenter" },
  list_clusters: { tool: "inventory_list", how: "kind=cluster" },
  list_datastores: { tool: "inventory_list", how: "kind=datastore" },
  list_networks: { tool: "inventory_list", how: "kind=network" },
  list_resource_pools: { tool: "inventory_list", how: "kind=resource_pool" },
  list_distributed_switches: { tool: "inventory_list", how: "kind=dvswitch" },
  list_distributed_portgroups: { tool: "inventory_list", how: "kind=dvportgroup" },
  list_datastore_clusters: { tool: "inventory_list", how: "kind=datastore_cluster" },
  list_folders: { tool: "inventory_list", how: "kind=folder" },
  list_vapps: { tool: "inventory_list", how: "kind=vapp" },
  search_vms: { tool: "vm_list", how: "name glob and filters" },
  batch_get_vm_info: { tool: "vm_list", how: "name glob/scope with fields or detail=true" },
  get_vm_annotation: { tool: "vm_get", how: "config.annotation" },
  get_guest_network_info: { tool: "vm_get", how: "guest.nics" },
  get_guest_os_info: { tool: "vm_get", how: "guest" },
  get_vm_uptime: { tool: "vm_get", how: "runtime.uptime_s" },
  list_vm_cddvd_drives: { tool: "vm_get", how: "devices.cdroms" },
  get_vm_guest_power_state_rest: { tool: "vm_get", how: "runtime.power_state, guest.tools_status" },
  get_vapp_config: { tool: "inventory_list", how: "kind=vapp, detail=true" },
  list_vcenter_networks_rest: { tool: "inventory_list", how: "kind=network / dvportgroup" },
  get_vcenter_resource_pools_rest: { tool: "inventory_list", how: "kind=resource_pool" },
  get_vcenter_system_version: { tool: "inventory_overview", how: "vcenter" },
  get_datastore_info: { tool: "inventory_list", how: "kind=datastore, name, detail=true" },
  get_storage_summary: { tool: "inventory_overview", how: "datastores" },
  get_cluster_resource_summary: { tool: "inventory_overview", how: "clusters" },
  // search index
  find_vm_by_ip: { tool: "inventory_find", how: "by=ip" },
  find_vm_by_uuid: { tool: "inventory_find", how: "by=uuid or instance_uuid" },
  find_vm_by_dns_name: { tool: "inventory_find", how: "by=dns_name" },
  find_by_inventory_path: { tool: "inventory_find", how: "by=inventory_path" },
  // tasks, events, performance
  list_recent_tasks: { tool: "task_list" },
  cancel_task: { tool: "task_cancel" },
  list_recent_events: { tool: "event_query" },
  query_events_by_entity: { tool: "event_query", how: "entity" },
  post_custom_event: { tool: "event_post" },
  list_performance_counters: { tool: "perf_metrics" },
  list_available_metrics: { tool: "perf_metrics", how: "entity" },
  list_performance_intervals: { tool: "perf_metrics", how: "intervals" },
  get_vm_performance: { tool: "perf_query", how: "entity=<VM>" },
  get_host_performance: { tool: "perf_query", how: "entity=<host>" },
  get_datastore_performance: { tool: "perf_query", how: "entity=<datastore>" },
  get_historical_performance: { tool: "perf_query", how: "interval=5m|30m|2h|1d" },
  get_custom_metrics: { tool: "perf_query", how: "metrics" },
  // power (vm_power: off/on are asserted in vcsim; the guest-OS actions are not tested yet)
  power_on_vm: { tool: "vm_power", how: "action=on" },
  power_off_vm: { tool: "vm_power", how: "action=off" },
  suspend_vm: { tool: "vm_power", how: "action=suspend", verified: "not_yet" },
  reset_vm: { tool: "vm_power", how: "action=reset", verified: "not_yet" },
  shutdown_vm: { tool: "vm_power", how: "action=shutdown_guest", verified: "not_yet" },
  reboot_vm: { tool: "vm_power", how: "action=reboot_guest", verified: "not_yet" },
  standby_guest: { tool: "vm_power", how: "action=standby_guest", verified: "not_yet" },
  // vSphere-MCP-Pro names
  get_vm_details: { tool: "vm_get" },
  get_datastore_usage: { tool: "inventory_list", how: "kind=datastore" },
  get_resource_utilization_summary: { tool: "inventory_overview" },
  restart_vm: { tool: "vm_power", how: "action=reset or reboot_guest", verified: "not_yet" },
};
