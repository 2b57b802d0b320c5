// Reference checks of a configuration document against the configuration it would result in: names must resolve.
import type { ConfigDoc, ConfigIssue } from './config-model.ts';

type Full = Required<ConfigDoc>;

/**
 * Every reference in the sections `doc` brings, checked against the configuration after apply (the document's
 * sections, the current ones for sections it leaves out): group members, constraint ends, failover domains,
 * containers, owners, fence targets and level devices; ids given twice; a resource in two groups. Pure.
 */
export function referenceIssues(doc: ConfigDoc, current: Full): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const after = {
    nodes: doc.nodes ?? current.nodes, resources: doc.resources ?? current.resources, groups: doc.groups ?? current.groups,
    containers: doc.containers ?? current.containers, fenceDevices: doc.fenceDevices ?? current.fenceDevices,
  };
  const nodes = new Set(after.nodes.map((n) => n.node));
  const resources = new Set(after.resources.map((r) => r.id));
  const groups = new Set(after.groups.map((g) => g.id));
  const containers = new Set(after.containers.map((c) => c.id));
  const devices = new Set(after.fenceDevices.map((d) => d.id));
  const bad = (path: string, message: string) => issues.push({ path, message });
  const from = (set: Set<string>, what: string, path: string, name: string, extra?: Set<string>) => {
    if (name !== '' && !set.has(name) && !extra?.has(name)) bad(path, `${what} "${name}" is not defined${set.size ? ` (defined: ${[...set, ...(extra ?? [])].sort().join(', ')})` : ''}`);
  };
  const twice = (section: string, ids: string[]) => ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) bad(`${section}[${i}]`, `"${id}" is defined twice (first at ${section}[${ids.indexOf(id)}])`);
  });

  if (doc.nodes) twice('nodes', doc.nodes.map((n) => n.node));
  if (doc.resources) {
    twice('resources', doc.resources.map((r) => r.id));
    doc.resources.forEach((r, i) => {
      r.failoverDomain.forEach((n, j) => from(nodes, 'node', `resources[${i}].failover-domain[${j}]`, n));
      from(containers, 'container', `resources[${i}].container`, r.container);
      if (groups.has(r.id)) bad(`resources[${i}].id`, `"${r.id}" is also a group id`);
    });
  }
  if (doc.groups) {
    twice('groups', doc.groups.map((g) => g.id));
    const owner = new Map<string, string>();
    doc.groups.forEach((g, i) => {
      g.members.forEach((m, j) => {
        from(resources, 'resource', `groups[${i}].members[${j}]`, m);
        const other = owner.get(m);
        if (other !== undefined && other !== g.id) bad(`groups[${i}].members[${j}]`, `resource "${m}" is already a member of group "${other}"`);
        owner.set(m, g.id);
      });
      g.failoverDomain.forEach((n, j) => from(nodes, 'node', `groups[${i}].failover-domain[${j}]`, n));
    });
  }
  if (doc.constraints) {
    twice('constraints', doc.constraints.map((c) => c.id));
    doc.constraints.forEach((c, i) => {
      const at = `constraints[${i}]`;
      if (c.location) {
        from(resources, 'resource or group', `${at}.location.resource`, c.location.resource, groups);
        from(nodes, 'node', `${at}.location.node`, c.location.node);
      }
      if (c.colocation) {
        from(resources, 'resource or group', `${at}.colocation.resource`, c.colocation.resource, groups);
        from(resources, 'resource or group', `${at}.colocation.with`, c.colocation.with, groups);
      }
      if (c.order) {
        from(resources, 'resource or group', `${at}.order.first`, c.order.first, groups);
        from(resources, 'resource or group', `${at}.order.then`, c.order.then, groups);
      }
    });
  }
  if (doc.containers) {
    twice('containers', doc.containers.map((c) => c.id));
    doc.containers.forEach((c, i) => from(nodes, 'node', `containers[${i}].owner`, c.owner));
  }
  if (doc.fenceDevices) {
    twice('fence-devices', doc.fenceDevices.map((d) => d.id));
    doc.fenceDevices.forEach((d, i) => d.targets.forEach((t, j) => from(nodes, 'node', `fence-devices[${i}].targets[${j}]`, t)));
  }
  if (doc.fenceLevels) {
    const keys = doc.fenceLevels.map((l) => `${l.target} level ${l.index}`);
    keys.forEach((k, i) => {
      if (keys.indexOf(k) !== i) bad(`fence-levels[${i}]`, `${k} is defined twice (first at fence-levels[${keys.indexOf(k)}])`);
    });
    doc.fenceLevels.forEach((l, i) => {
      from(nodes, 'node', `fence-levels[${i}].target`, l.target);
      l.devices.forEach((d, j) => from(devices, 'fence device', `fence-levels[${i}].devices[${j}]`, d));
    });
  }
  return issues;
}
