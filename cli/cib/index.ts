// cli/cib: Pacemaker CIB import (XML -> facts, untranslated parts listed) and export (facts -> CIB XML).
export { importCib } from './import.ts';
export { writeCib, type CibInputFact, type WriteCibOptions } from './write.ts';
export { applyImport, type Applied, type ApplyOptions } from './apply.ts';
export { SkipKind, type CibImport, type ImportedFact, type Untranslated } from './model.ts';
export { countByType, factLine, reportJson, reportLines, summaryLine, untranslatedLine } from './summary.ts';
export { durationMs } from './nvpairs.ts';
export { nodeStatusOf, IMPORT_INCARNATION, UNCLEAN_REASON, type NodeStatus } from './status.ts';
export { FAILCOUNT_INFINITY_REASON, FAILCOUNT_REASON } from './status-failcount.ts';
export { STANDBY_REASON, OP_TIMEOUT_OPTION } from './config.ts';
export { parseXml, type XmlElement, type CibPlace } from './xml.ts';
