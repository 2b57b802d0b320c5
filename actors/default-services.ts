// The services every `quorate daemon` runs. Each part of the live system adds one line here.
import type { DaemonService } from './service.ts';
import { createStorageService } from './storage/index.ts';
import { executorServices } from './services/index.ts';
import { createAdminService } from './services/admin.ts';
import { createCoordinator } from './coordinator.ts';

/** What a service factory may need from the daemon's command line and config. */
export interface ServiceOptions {
  readonly node: string;
  readonly cluster: string;
  readonly stateDir: string;
}

/** The daemon's services, in the order their hooks run. */
export function defaultServices(options: ServiceOptions): DaemonService[] {
  return [
    createStorageService(options),
    ...executorServices(options),
    createAdminService(),
    createCoordinator(),
  ];
}
