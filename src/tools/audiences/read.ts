import { listAudiences } from '../../api/management/audiences.js';
import type { Item } from '../../api/reads.js';
import type { SessionContext } from '../../context.js';
import { findByUid } from '../lookup.js';

/** One audience, read now (there is no single GET upstream: the list is read). */
export async function readAudience(ctx: SessionContext, project: string, uid: string): Promise<Item> {
  return findByUid(await listAudiences(ctx.api, project), uid, 'audience', 'list_audiences', project);
}
