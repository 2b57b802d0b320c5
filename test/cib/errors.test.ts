// CIB import errors: not XML, not a CIB, missing ids and bad values name the file, line, element and id.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { importCib } from '../../cli/cib/index.ts';
import { isQuorateError, type QuorateError } from '../../machines/errors.ts';

function cib(resources: string, constraints = '', extra = ''): string {
  return `<cib validate-with="pacemaker-3.9">
  <configuration>
    <crm_config/>
    <nodes><node id="1" uname="n1"/></nodes>
    <resources>
${resources}
    </resources>
    <constraints>${constraints}</constraints>${extra}
  </configuration>
</cib>`;
}

function failure(xml: string): { message: string; details: Record<string, unknown> } {
  try {
    importCib(xml, 'my.xml');
  } catch (e) {
    assert.ok(isQuorateError(e, 'config.invalid'), String(e));
    return { message: (e as Error).message, details: (e as QuorateError).info };
  }
  return assert.unreachable('imported') as never;
}

const dummy = '      <primitive id="a" class="ocf" provider="heartbeat" type="Dummy"/>';

test('cib: text that is not XML names the file and line', () => {
  const e = failure('<cib>\n<configuration>\n</cib>');
  assert.match(e.message, /^my\.xml:3: not well-formed XML/);
  assert.is(e.details['line'], 3);
});

test('cib: XML that is not a CIB says so', () => {
  assert.match(failure('<html><body/></html>').message, /my\.xml:1: <html>: not a Pacemaker CIB/);
  assert.match(failure('<cib><status/></cib>').message, /no <configuration>/);
});

test('cib: a primitive without an id names the element and its line', () => {
  const e = failure(cib('      <primitive class="ocf" provider="heartbeat" type="Dummy"/>'));
  assert.match(e.message, /^my\.xml:6: <primitive>: missing required attribute "id"/);
  assert.equal([e.details['file'], e.details['line'], e.details['element']], ['my.xml', 6, 'primitive']);
});

test('cib: an ocf primitive without a provider names its id', () => {
  assert.match(failure(cib('      <primitive id="web" class="ocf" type="Dummy"/>')).message, /<primitive id="web">: missing required attribute "provider"/);
});

test('cib: a bad duration names the op, its id and the attribute', () => {
  const xml = cib('      <primitive id="a" class="ocf" provider="heartbeat" type="Dummy"><operations><op id="a-mon" name="monitor" interval="often"/></operations></primitive>');
  assert.match(failure(xml).message, /my\.xml:6: <op id="a-mon">: interval="often" is not a duration/);
});

test('cib: a constraint naming no resource, or with a bad score, is refused with its id', () => {
  assert.match(failure(cib(dummy, '<rsc_location id="l1" rsc="ghost" node="n1" score="10"/>')).message, /<rsc_location id="l1">: rsc="ghost" names no resource/);
  assert.match(failure(cib(dummy, '<rsc_location id="l2" rsc="a" node="n1" score="lots"/>')).message, /<rsc_location id="l2">: score="lots" is not a score/);
  assert.match(failure(cib(dummy, '<rsc_order id="o1" first="a" then="a" kind="Sometimes"/>')).message, /<rsc_order id="o1">: kind="Sometimes"/);
  assert.match(failure(cib(dummy, '<rsc_colocation id="c1" rsc="a" score="10"/>')).message, /<rsc_colocation id="c1">: missing required attribute "with-rsc"/);
});

test('cib: a fencing level naming an unknown device, or a node without uname, is refused', () => {
  const topo = '\n    <fencing-topology><fencing-level id="fl1" target="n1" index="1" devices="nope"/></fencing-topology>';
  assert.match(failure(cib(dummy, '', topo)).message, /<fencing-level id="fl1">: devices names "nope"/);
  assert.match(failure(cib(dummy).replace('uname="n1"', '')).message, /<node id="1">: missing required attribute "uname"/);
});

test('cib: an empty configuration imports to nothing and lists nothing', () => {
  const r = importCib('<cib><configuration><crm_config/><nodes/><resources/><constraints/></configuration><status/></cib>', 'e.xml');
  assert.equal([r.facts, r.untranslated], [[], []]);
});

test.run();
