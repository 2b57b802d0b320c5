// Checks a group config: members in start order, none twice, a failover domain without duplicates.
import type { GroupConfig } from '../../proto/generated.ts';

/**
 * The first problem with group `id`'s config, or '' when it is acceptable. A resource in two
 * groups is checked by the config layer, which sees every group at once. Pure.
 */
export function groupProblem(id: string, config: Partial<GroupConfig> | undefined): string {
  if (!config) return `group ${id}: no config given`;
  if ((config.id ?? '') !== id) return `group ${id}: config id "${config.id ?? ''}" does not match the group`;
  const members = config.members ?? [];
  if (members.length === 0) return `group ${id} has no members`;
  for (const [i, m] of members.entries()) {
    if (m === '') return `group ${id} members[${i}]: empty resource name`;
    if (members.indexOf(m) !== i) return `group ${id}: member "${m}" appears twice`;
  }
  const domain = config.failoverDomain ?? [];
  for (const [i, n] of domain.entries()) {
    if (n === '') return `group ${id} failoverDomain[${i}]: empty node name`;
    if (domain.indexOf(n) !== i) return `group ${id} failoverDomain: node "${n}" appears twice`;
  }
  return '';
}

/** The config with every field present (for a complete fact). Pure. */
export function completeGroup(id: string, config: Partial<GroupConfig>): GroupConfig {
  return { id, members: [...(config.members ?? [])], meta: { ...(config.meta ?? {}) }, failoverDomain: [...(config.failoverDomain ?? [])] };
}
