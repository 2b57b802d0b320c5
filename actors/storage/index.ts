// actors/storage: public surface — on-disk container metadata, discovery, the I/O gate, the block API, loop export, the service.
export { COPY_BYTES, COPY_OFFSETS, DATA_OFFSET, METADATA_MAGIC, METADATA_VERSION, decodeMetadata, diskBytes, encodeMetadata, readCopies, usableExtents, wipeCopies, writeCopies, type CopyRead, type DiskMetadata } from './metadata.ts';
export { checkDiskFree, disagreements, importContainer, metadataOf, readDisk, writeFromJournal, type DiskRead, type ImportReport } from './discover.ts';
export { createIoGate, gatePath, gateRefusal, readGate, type GateEntry, type GateState, type IoGate } from './gate.ts';
export { mapRange, openVolume, type BlockVolume, type GateCheck, type Piece } from './block.ts';
export { attachLoop, detachLoop, freeze, loopUnavailable, loopsOf, makeFilesystem, mountPointsOf, thaw, volumeSpan } from './loop.ts';
export { readExports, type ExportTable } from './exports.ts';
export { DEFAULT_DEVICE_DIR, deviceBytes, deviceDirOf, devicePath, dropLink, linkTarget, loopBackedBy, pointLink } from './links.ts';
export { containerOf, containersOf, fencedActivations, isCreated, plannedHandovers, plannedTakeovers, takeoverTarget, type ContainerView } from './views.ts';
export { createStorageService, type StorageServiceOptions } from './service.ts';
