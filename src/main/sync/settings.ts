// Where sync is configured: the Supabase project URL, its anon key and the organisation to
// publish into, in the settings table (none of them is a secret). The session lives in a
// SecretStore instead. No row means sync is off; the app works fully without it.
import { z } from 'zod';
import type { SyncConfig } from '../../shared/sync';
import type { Store } from '../db/store';

const SYNC_CONFIG_KEY = 'sync.config';
const ORGANIZATION_KEY = 'sync.organization';

const storedConfigSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  anonKey: z.string().min(1),
  organizationId: z.uuid().nullable(),
});

const organizationSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  role: z.enum(['member', 'admin']),
});
export type SyncOrganization = z.infer<typeof organizationSchema>;

const warn = (message: string) => console.warn(message);

export function readSyncConfig(store: Store): SyncConfig | null {
  return store.settings.get<SyncConfig | null>(SYNC_CONFIG_KEY, storedConfigSchema, null, warn);
}

export function writeSyncConfig(store: Store, config: SyncConfig | null): void {
  store.write(() => {
    if (config) store.settings.set(SYNC_CONFIG_KEY, storedConfigSchema.parse(config));
    else store.settings.delete(SYNC_CONFIG_KEY);
    store.settings.delete(ORGANIZATION_KEY);
  });
}

/** The organisation chosen at sign-in, with its name and the account's role, for Settings. */
export function readSyncOrganization(store: Store): SyncOrganization | null {
  return store.settings.get<SyncOrganization | null>(ORGANIZATION_KEY, organizationSchema, null, warn);
}

export function writeSyncOrganization(store: Store, organization: SyncOrganization | null): void {
  store.write(() => {
    if (organization) store.settings.set(ORGANIZATION_KEY, organizationSchema.parse(organization));
    else store.settings.delete(ORGANIZATION_KEY);
  });
}
