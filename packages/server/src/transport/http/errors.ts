import { errorCatalog, errorStatus, type ErrorBody, type ErrorCode } from '@parley/shared';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { DomainError } from '../../kernel/errors.js';

/** Turns a zod failure into `{code: 'request.invalid', field: 'body.email', message}`. */
export function validationError(err: ZodError, part: 'body' | 'query' | 'params'): DomainError {
  const issue = err.issues[0]!;
  let path = [part, ...issue.path.map(String)];
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    path = [...path, issue.keys[0] ?? ''];
    message = `Unknown field: ${issue.keys.join(', ')}`;
  }
  const field = path.join('.');
  return new DomainError('request.invalid', `${field}: ${message}`, field, {
    issues: err.issues.slice(0, 20).map((i) => ({ path: [part, ...i.path.map(String)].join('.'), message: i.message })),
  });
}

/** The one place where failures become HTTP answers. */
export function sendError(err: unknown, req: FastifyRequest, reply: FastifyReply): void {
  let body: ErrorBody;
  let status: number;
  const headers: Record<string, string> = {};
  if (err instanceof DomainError) {
    status = errorStatus(err.code);
    body = { code: err.code, message: err.message };
    if (err.field !== undefined) body.field = err.field;
    if (err.details !== undefined) body.details = err.details;
    const retry = (err.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    if (retry) headers['retry-after'] = String(retry);
  } else if (err instanceof ZodError) {
    return sendError(validationError(err, 'body'), req, reply);
  } else if (isClientError(err)) {
    const code = clientErrorCode(err);
    status = errorStatus(code);
    body = { code, message: err.message || errorCatalog[code].message };
    const field = clientErrorField(err);
    if (field) body.field = field;
  } else {
    req.log.error({ err }, 'request failed');
    status = 500;
    body = { code: 'internal.error', message: errorCatalog['internal.error'].message };
  }
  if (status >= 500 && body.code !== 'internal.error') req.log.warn({ code: body.code }, 'service unavailable answer');
  void reply.code(status).headers(headers).send(body);
}

function isClientError(err: unknown): err is FastifyError {
  const s = (err as FastifyError | undefined)?.statusCode;
  return typeof s === 'number' && s >= 400 && s < 500;
}

/**
 * Which input a framework-level refusal is about: the body parsers (JSON, multipart) name `body`, the
 * router's refusal of a path it cannot decode names `params`.
 */
function clientErrorField(err: FastifyError): string | undefined {
  const code = err.code ?? '';
  if (code === 'FST_ERR_BAD_URL' || code === 'FST_ERR_MAX_PARAM_LENGTH') return 'params';
  if (code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') return 'headers.content-length';
  if (code.startsWith('FST_') || err.statusCode === 413 || err.statusCode === 415) return 'body';
  return undefined;
}

function clientErrorCode(err: FastifyError): ErrorCode {
  if (err.statusCode === 413) return 'request.too-large';
  if (err.statusCode === 415) return 'request.unsupported-media-type';
  if (err.statusCode === 429) return 'rate.limited';
  return 'request.invalid';
}
