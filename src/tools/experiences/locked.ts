import { ToolInputError } from '../../api/errors.js';
import type { Version } from '../../api/management/versions.js';

const CODE = 'personalize.EXPERIENCES.VERSIONS';

/**
 * Versions that were live are locked (docs/api.md §8.3): an ACTIVE or ARCHIVED version cannot be edited
 * (CANNOT_UPDATE_LOCKED_VERSION), a PAUSED one cannot go back to draft (CANNOT_MARK_VERSION_AS_DRAFT).
 * Refused here, before anything is sent, with the way forward.
 */
export function assertEditable(v: Version, status: string | undefined): void {
  const draft = 'create a new draft with create_experience_version (its variants can be copied from list_experience_versions), edit it, then activate_experience';
  if (v.status === 'ACTIVE') {
    throw new ToolInputError(
      `Version ${v.uid} is ACTIVE and locked (${CODE}.CANNOT_UPDATE_LOCKED_VERSION): to change what visitors get, ${draft}; to stop it, use pause_experience. Nothing was sent.`,
    );
  }
  if (v.status === 'ARCHIVED') {
    throw new ToolInputError(`Version ${v.uid} is ARCHIVED and locked (${CODE}.CANNOT_UPDATE_LOCKED_VERSION): ${draft}. Nothing was sent.`);
  }
  if (v.status === 'PAUSED' && status === 'DRAFT') {
    throw new ToolInputError(`Version ${v.uid} is PAUSED and cannot become a draft again (${CODE}.CANNOT_MARK_VERSION_AS_DRAFT): ${draft}. Nothing was sent.`);
  }
}

/** Only a draft may be deleted: the others are the experience's live or past record (docs/evidence.md). */
export function assertDeletable(v: Version): void {
  if (v.status === 'DRAFT') return;
  throw new ToolInputError(
    `Version ${v.uid} is ${String(v.status)}: only a DRAFT version can be deleted, the others are what visitors get or got. ` +
      'To change what visitors get, create a new draft with create_experience_version and activate it; to stop the experience, use pause_experience. Nothing was sent.',
  );
}
