import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import { fail } from '../../kernel/errors.js';
import type { UploadedFile } from '../../kernel/http.js';
import { uuidv7 } from '../../kernel/ids.js';
import type { SettingsService } from '../settings/index.js';

/** What may be uploaded. SVG and HTML are left out on purpose: they can carry scripts. */
export const allowedContentTypes: Record<string, { magic?: number[][]; inline: boolean }> = {
  'image/png': { magic: [[0x89, 0x50, 0x4e, 0x47]], inline: true },
  'image/jpeg': { magic: [[0xff, 0xd8, 0xff]], inline: true },
  'image/gif': { magic: [[0x47, 0x49, 0x46, 0x38]], inline: true },
  'image/webp': { magic: [[0x52, 0x49, 0x46, 0x46]], inline: true },
  'application/pdf': { magic: [[0x25, 0x50, 0x44, 0x46]], inline: false },
  'text/plain': { inline: false },
  'text/csv': { inline: false },
  'application/zip': { magic: [[0x50, 0x4b, 0x03, 0x04]], inline: false },
  'application/msword': { inline: false },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    magic: [[0x50, 0x4b, 0x03, 0x04]],
    inline: false,
  },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
    magic: [[0x50, 0x4b, 0x03, 0x04]],
    inline: false,
  },
  'audio/mpeg': { inline: false },
  'video/mp4': { inline: false },
};

export interface StoredFile {
  id: string;
  name: string;
  size: number;
  contentType: string;
}

/**
 * Attachments on local disk (UPLOAD_DIR, default ./data/uploads), streamed in and out, never buffered
 * whole. The database row says which conversation a file belongs to; callers check access to that.
 */
export class UploadsService {
  constructor(
    private readonly db: Db,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
    private readonly dir: string,
    readonly maxBytes: number,
  ) {
    settings.declareEnforced('general.fileUploads');
  }

  assertEnabled(): void {
    if (!this.settings.get('general.fileUploads')) fail('upload.disabled');
  }

  async store(
    conversationId: string,
    uploader: { type: string; id: string | null },
    file: UploadedFile | undefined,
  ): Promise<StoredFile> {
    this.assertEnabled();
    if (!file) fail('upload.missing', undefined, 'body.file');
    const type = file.mimetype.toLowerCase().split(';')[0]!.trim();
    const rule = allowedContentTypes[type];
    if (!rule) {
      file.stream.resume();
      fail('upload.type-not-allowed', `Files of type ${type} are not allowed`, 'body.file');
    }
    const id = uuidv7();
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, id);
    let head = Buffer.alloc(0);
    const sniff = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        if (head.length < 16) head = Buffer.concat([head, chunk]).subarray(0, 16);
        cb(null, chunk);
      },
    });
    try {
      await pipeline(file.stream, sniff, createWriteStream(path, { flags: 'wx' }));
      if (file.truncated())
        fail('upload.too-large', `Files may be at most ${Math.floor(this.maxBytes / 1024 / 1024)} MB`, 'body.file');
      if (rule.magic && !rule.magic.some((m) => m.every((b, i) => head[i] === b))) {
        fail('upload.type-not-allowed', `The file is not really ${type}`, 'body.file');
      }
      const { size } = await stat(path);
      if (size === 0) fail('upload.missing', 'The file is empty', 'body.file');
      const name = sanitizeName(file.filename);
      await this.db.q
        .insertInto('uploads')
        .values({
          id,
          conversation_id: conversationId,
          uploader_type: uploader.type,
          uploader_id: uploader.id,
          filename: name,
          content_type: type,
          size,
          storage_key: id,
          created_at: this.clock.now(),
        })
        .execute();
      return { id, name, size, contentType: type };
    } catch (err) {
      await unlink(path).catch(() => undefined);
      throw err;
    }
  }

  async remove(fileId: string): Promise<void> {
    const row = await this.db.q
      .deleteFrom('uploads')
      .where('id', '=', fileId)
      .returning('storage_key')
      .executeTakeFirst();
    if (row) await unlink(join(this.dir, row.storage_key)).catch(() => undefined);
  }

  /** These conversations' files as stored (contacts' GDPR export). */
  async listOf(conversationId: string) {
    return this.db.q
      .selectFrom('uploads')
      .select(['id', 'uploader_type', 'uploader_id', 'filename', 'content_type', 'size', 'created_at'])
      .where('conversation_id', '=', conversationId)
      .orderBy('created_at')
      .execute();
  }

  /**
   * Every file of these conversations deleted (contacts' GDPR erasure): the rows in the caller's
   * transaction, the stored bytes once it commits. Returns how many.
   */
  async removeAllOf(conversationIds: string[]): Promise<number> {
    if (conversationIds.length === 0) return 0;
    const rows = await this.db.q
      .deleteFrom('uploads')
      .where('conversation_id', 'in', conversationIds)
      .returning('storage_key')
      .execute();
    this.db.afterCommit(() => {
      for (const r of rows) void unlink(join(this.dir, r.storage_key)).catch(() => undefined);
    });
    return rows.length;
  }

  async open(conversationId: string, fileId: string): Promise<{ stream: Readable; headers: Record<string, string> }> {
    const row = await this.db.q
      .selectFrom('uploads')
      .selectAll()
      .where('id', '=', fileId)
      .where('conversation_id', '=', conversationId)
      .executeTakeFirst();
    if (!row) fail('upload.not-found', undefined, 'params.fileId');
    const inline = allowedContentTypes[row.content_type]?.inline ?? false;
    return {
      stream: createReadStream(join(this.dir, row.storage_key)),
      headers: {
        'content-type': row.content_type,
        'content-length': String(row.size),
        'content-disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(row.filename)}`,
        'content-security-policy': "default-src 'none'; sandbox",
        'cache-control': 'private, max-age=3600',
      },
    };
  }
}

function sanitizeName(name: string): string {
  const base = name
    .replace(/[\\/]/g, '_')
    // eslint-disable-next-line no-control-regex -- stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim();
  return (base || 'file').slice(0, 200);
}
