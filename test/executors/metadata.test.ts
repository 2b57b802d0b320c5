import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { agentInfo, listAgents, parseAgentMetadata, parseDurationMs } from '../../actors/executors/index.ts';
import { FENCE_DUMMY, HB_DUMMY, IPADDR2, missingAgents, testIf } from './agents.ts';

const OCF_11 = `<?xml version="1.0"?>
<!DOCTYPE resource-agent SYSTEM "ra-api-1.dtd">
<!-- a comment -->
<resource-agent name="Stateful" version="1.1">
<version>1.1</version>
<longdesc lang="de">Deutsch</longdesc>
<longdesc lang="en">Line one &amp; two</longdesc>
<shortdesc lang="en">Example &lt;stateful&gt;</shortdesc>
<parameters>
<parameter name="mode" unique-group="m" reloadable="1" required="1">
<longdesc lang="en"><![CDATA[a <raw> text]]></longdesc>
<shortdesc lang="en">Mode</shortdesc>
<content type="select" default="fast"><option value="fast"/><option value="safe"/></content>
</parameter>
<parameter name="old"><deprecated><replaced-with name="mode"/></deprecated><shortdesc lang="en">Old</shortdesc><content type="integer"/></parameter>
</parameters>
<actions>
<action name="start" timeout="20s"/>
<action name="monitor" role="Promoted" timeout="2min" interval="500ms" depth="10"/>
<action name="stop" timeout="90"/>
</actions>
</resource-agent>`;

test('metadata: OCF 1.1 select options, unique-group, reloadable, deprecated, roles and durations', () => {
  const md = parseAgentMetadata(OCF_11, 'test');
  assert.is(md.ocfVersion, '1.1');
  assert.is(md.shortdesc, 'Example <stateful>');
  assert.is(md.longdesc, 'Line one & two', 'the English text is picked');
  const [mode, old] = md.parameters;
  assert.equal(mode!.options, ['fast', 'safe']);
  assert.is(mode!.type, 'select');
  assert.is(mode!.default, 'fast');
  assert.is(mode!.uniqueGroup, 'm');
  assert.ok(mode!.reloadable && mode!.required);
  assert.is(mode!.longdesc, 'a <raw> text');
  assert.ok(old!.deprecated);
  assert.equal(md.actions.map((a) => [a.name, a.timeoutMs, a.intervalMs, a.role, a.depth]), [
    ['start', 20_000, undefined, '', undefined],
    ['monitor', 120_000, 500, 'Promoted', 10],
    ['stop', 90_000, undefined, '', undefined],
  ]);
});

test('metadata: malformed XML and bad durations are refused naming the agent', () => {
  for (const [xml, msg] of [['<resource-agent><parameters></resource-agent>', 'does not match'], ['<other/>', 'expected <resource-agent>'], ['<resource-agent', 'unterminated tag']] as const) {
    try {
      parseAgentMetadata(xml, 'ocf:x:Broken');
      assert.unreachable(xml);
    } catch (e) {
      assert.is((e as { code?: string }).code, 'agent.bad-metadata');
      assert.match((e as Error).message, 'ocf:x:Broken');
      assert.match((e as Error).message, msg);
    }
  }
  assert.throws(() => parseDurationMs('5 fortnights', 'op start timeout'), /op start timeout: "5 fortnights"/);
});

testIf(test, missingAgents(HB_DUMMY), 'metadata: the real heartbeat Dummy (OCF 1.0) has its parameters and action timeouts', async () => {
  const md = await agentInfo('ocf:heartbeat:Dummy');
  assert.is(md.name, 'Dummy');
  assert.is(md.ocfVersion, '1.0');
  assert.equal(md.parameters.map((p) => p.name), ['state', 'fake']);
  assert.ok(md.parameters[0]!.unique);
  assert.is(md.parameters[1]!.default, 'dummy');
  const monitor = md.actions.find((a) => a.name === 'monitor')!;
  assert.is(monitor.timeoutMs, 20_000);
  assert.is(monitor.intervalMs, 10_000);
});

testIf(test, missingAgents(IPADDR2), 'metadata: the real IPaddr2 has a required ip and its defaults', async () => {
  const md = await agentInfo('ocf:heartbeat:IPaddr2');
  const ip = md.parameters.find((p) => p.name === 'ip')!;
  assert.ok(ip.required);
  assert.ok(ip.shortdesc.length > 0);
  assert.ok(md.parameters.length > 10, `${md.parameters.length} parameters`);
  assert.ok(md.actions.some((a) => a.name === 'start' && a.timeoutMs === 20_000));
});

testIf(test, missingAgents(FENCE_DUMMY), 'metadata: a fence agent and every installed agent parse', async () => {
  const fd = await agentInfo('fence_dummy');
  assert.is(fd.shortdesc, 'Dummy fence agent', 'the fence dialect keeps shortdesc as an attribute');
  assert.ok(fd.parameters.some((p) => p.name === 'type' && p.default === 'file'));
  const all = listAgents();
  assert.ok(all.some((a) => a.name === 'ocf:pacemaker:Dummy'));
  assert.ok(all.some((a) => a.name === 'process') && all.some((a) => a.name === 'builtin:kill'));
  const failures: string[] = [];
  for (const a of all.filter((x) => x.source === 'ocf')) {
    try {
      await agentInfo(a.name);
    } catch (e) {
      failures.push(`${a.name}: ${(e as Error).message}`);
    }
  }
  assert.equal(failures, [], 'every installed OCF agent meta-data parses');
});

test.run();
