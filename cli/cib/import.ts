// importCib: a Pacemaker CIB (XML text) to quorate facts and a list of what it could not translate. Pure, no I/O.
import { importNodes, importOptions } from './config.ts';
import { importConstraints, importFencingTopology } from './constraints.ts';
import { ImportSink, type CibImport } from './model.ts';
import { importResources } from './resources.ts';
import { importStatus } from './status.ts';
import { childNamed, cibError, parseXml } from './xml.ts';

const CONFIG_SECTIONS = new Set(['crm_config', 'nodes', 'resources', 'constraints', 'fencing-topology', 'rsc_defaults', 'op_defaults']);
const UNSUPPORTED_SECTIONS: Readonly<Record<string, string>> = {
  acls: 'ACLs are not translated', alerts: 'alerts are not translated', tags: 'tags are not translated',
};

/**
 * Translates a CIB into facts in journal order: cluster options, nodes (with standby/maintenance), fence
 * devices, resources and groups (document order), constraints, fencing levels, then the status section per
 * node (membership, operation history by call-id, fail counts). Everything not translated is in
 * `untranslated` by element and id. Not XML, not a CIB, or a missing required id or attribute is a
 * `config.invalid` QuorateError naming `file`, the line, the element and its id. Pure.
 */
export function importCib(xml: string, file = 'cib.xml'): CibImport {
  const root = parseXml(xml, file);
  if (root.name !== 'cib') throw cibError({ file, line: root.line, element: root.name }, 'not a Pacemaker CIB: the root element must be <cib>');
  const config = childNamed(root, 'configuration');
  if (config === undefined) throw cibError({ file, line: root.line, element: 'cib' }, 'not a Pacemaker CIB: no <configuration> section');
  const sink = new ImportSink(file);
  for (const c of root.children) {
    if (c.name !== 'configuration' && c.name !== 'status') sink.skip(c, `<${c.name}> under <cib> is not translated`);
  }
  for (const c of config.children) {
    if (CONFIG_SECTIONS.has(c.name)) continue;
    sink.skip(c, UNSUPPORTED_SECTIONS[c.name] ?? `<${c.name}> is not a configuration section quorate knows`);
  }
  importOptions(sink, config);
  const nodeNames = importNodes(sink, childNamed(config, 'nodes'));
  const ids = importResources(sink, childNamed(config, 'resources'));
  importConstraints(sink, childNamed(config, 'constraints'), ids);
  importFencingTopology(sink, childNamed(config, 'fencing-topology'), ids);
  importStatus(sink, childNamed(root, 'status'), nodeNames, ids);
  return { file, facts: sink.facts, untranslated: sink.untranslated };
}
