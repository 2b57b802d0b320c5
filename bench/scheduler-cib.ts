// Writes a synthetic cluster as a Pacemaker CIB (configuration + status) for crm_simulate -R -Q -x.
import type { Synthetic } from './scheduler-cluster.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * The CIB of `s`: nodes, Dummy primitives, a fence device, location/colocation/order constraints,
 * startup probes off (quorate schedules none either), and a status section with every running resource's
 * successful start; the lost node is in the membership no more but expected up: unclean, to be fenced.
 */
export function toCib(s: Synthetic): string {
  const { input } = s;
  const id = new Map(input.nodes.map((n, i) => [n.name, String(i + 1)]));
  const out: string[] = [];
  out.push('<cib crm_feature_set="3.16.2" validate-with="pacemaker-3.9" epoch="1" num_updates="0" admin_epoch="0" have-quorum="1" dc-uuid="2">');
  out.push('<configuration><crm_config><cluster_property_set id="opts">');
  out.push('<nvpair id="o1" name="stonith-enabled" value="true"/><nvpair id="o2" name="no-quorum-policy" value="stop"/>');
  out.push('<nvpair id="o3" name="enable-startup-probes" value="false"/><nvpair id="o4" name="symmetric-cluster" value="true"/>');
  out.push('</cluster_property_set></crm_config><nodes>');
  for (const n of input.nodes) out.push(`<node id="${id.get(n.name)}" uname="${esc(n.name)}"/>`);
  out.push('</nodes><resources><primitive id="fencing" class="stonith" type="fence_dummy"/>');
  for (const r of input.resources) out.push(`<primitive id="${esc(r.id)}" class="ocf" provider="heartbeat" type="Dummy"/>`);
  out.push('</resources><constraints>');
  for (const l of input.locations ?? []) out.push(`<rsc_location id="${esc(l.id)}" rsc="${esc(l.resource)}" node="${esc(l.node)}" score="${l.score}"/>`);
  for (const c of input.colocations ?? []) out.push(`<rsc_colocation id="${esc(c.id)}" rsc="${esc(c.resource)}" with-rsc="${esc(c.with)}" score="${c.score >= 1_000_000 ? 'INFINITY' : c.score}"/>`);
  for (const o of input.orders ?? []) out.push(`<rsc_order id="${esc(o.id)}" first="${esc(o.first)}" then="${esc(o.then)}" kind="Mandatory"/>`);
  out.push('</constraints></configuration><status>');
  const byNode = new Map<string, string[]>();
  for (const r of input.resources) for (const n of r.running ?? []) byNode.set(n, [...(byNode.get(n) ?? []), r.id]);
  let call = 1;
  const fenceOn = input.nodes.find((n) => n.name !== s.lostNode)!.name;
  for (const n of input.nodes) {
    const up = n.name !== s.lostNode;
    out.push(`<node_state id="${id.get(n.name)}" uname="${esc(n.name)}" in_ccm="${up}" crmd="${up ? 'online' : 'offline'}" join="${up ? 'member' : 'down'}" expected="member"><lrm id="${id.get(n.name)}"><lrm_resources>`);
    const running = [...(byNode.get(n.name) ?? []), ...(n.name === fenceOn ? ['fencing'] : [])];
    for (const r of running) {
      const cls = r === 'fencing' ? 'class="stonith" type="fence_dummy"' : 'class="ocf" provider="heartbeat" type="Dummy"';
      out.push(`<lrm_resource id="${esc(r)}" ${cls}><lrm_rsc_op id="${esc(r)}_last_0" operation_key="${esc(r)}_start_0" operation="start" crm-debug-origin="bench" crm_feature_set="3.16.2" transition-key="1:1:0:bench" transition-magic="0:0;1:1:0:bench" on_node="${esc(n.name)}" call-id="${call++}" rc-code="0" op-status="0" interval="0" last-rc-change="1700000000" exec-time="1" queue-time="0" op-digest="f2317cad3d54cec5d7d7aa7d0bf35cf8"/></lrm_resource>`);
    }
    out.push('</lrm_resources></lrm></node_state>');
  }
  out.push('</status></cib>');
  return out.join('\n');
}
