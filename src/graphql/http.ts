// The HTTP edge of /graphql: what arrives before Apollo Server (body, media type, size, document
// bounds) and what leaves when something fails outside it. Every answer is GraphQL JSON with a code:
// never express's HTML page, a stack, a path or a library's message, whatever NODE_ENV says.
import express, { type ErrorRequestHandler, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { assertDocumentBounds } from './limits';

export function sendError(req: Request, res: Response, status: number, code: string, message: string, extra: Record<string, unknown> = {}): void {
  res.status(status).json({ errors: [{ message, extensions: { code, ...extra, requestId: req.requestId } }] });
}

/** body-parser's error types, as the caller should read them. */
const BODY_ERRORS: Record<string, [number, string, string]> = {
  'entity.too.large': [413, 'PAYLOAD_TOO_LARGE', 'The request body is too large'],
  'charset.unsupported': [415, 'UNSUPPORTED_MEDIA_TYPE', 'The request body must be JSON in UTF-8'],
  'encoding.unsupported': [415, 'UNSUPPORTED_MEDIA_TYPE', 'The request body must not be compressed this way'],
  'entity.parse.failed': [400, 'BAD_REQUEST', 'The request body is not valid JSON'],
};

/**
 * POST bodies are JSON in UTF-8 (GraphQL over HTTP), up to `limit`; anything else is refused with a
 * code before Apollo Server sees it.
 */
export function graphqlBody(limit: string): RequestHandler[] {
  const json = express.json({ limit });
  // Documents already counted and accepted are not parsed again (clients send the same few documents).
  const accepted = new Set<string>();
  return [
    (req, res, next) => {
      if (req.method === 'POST') {
        if (!req.is('application/json')) {
          sendError(req, res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json');
          return;
        }
        // JSON is UTF-8 (RFC 8259); other charsets are refused rather than guessed at.
        const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.get('content-type') ?? '')?.[1]?.toLowerCase();
        if (charset && charset !== 'utf-8' && charset !== 'utf8') {
          sendError(req, res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'The request body must be JSON in UTF-8');
          return;
        }
      }
      next();
    },
    (req, res, next) => {
      json(req, res, (err?: unknown) => {
        if (err) {
          next(err);
          return;
        }
        // Apollo's express integration wants a body even on GET.
        if (req.body === undefined) req.body = {};
        next();
      });
    },
    (req, res, next) => {
      // Tokens, nesting, fragment spreads and expanded selections are counted before Apollo parses,
      // validates or analyses the document.
      const query = req.method === 'GET' ? req.query?.query : (req.body as { query?: unknown } | undefined)?.query;
      if (typeof query === 'string' && !accepted.has(query)) {
        const refused: GraphQLError | null = assertDocumentBounds(query);
        if (refused) {
          sendError(req, res, 400, String(refused.extensions.code), refused.message, { limit: refused.extensions.limit });
          return;
        }
        if (accepted.size >= 1_000) accepted.clear();
        if (query.length <= 10_000) accepted.add(query);
      }
      next();
    },
  ];
}

/** The last handler of every route: a code and a message of Keel's own, logged when it is Keel's fault. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(err); // express closes the connection
      return;
    }
    const e = err as { type?: string; status?: number; statusCode?: number; message?: string };
    const known = e?.type ? BODY_ERRORS[e.type] : undefined;
    if (known) {
      sendError(req, res, known[0], known[1], known[2]);
      return;
    }
    const status = e?.status ?? e?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      sendError(req, res, status, 'BAD_REQUEST', 'The request could not be read');
      return;
    }
    log.error({ requestId: req.requestId, err: { message: e?.message } }, 'unexpected error while handling a request');
    sendError(req, res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
  };
}

/** Unknown routes answer JSON too. */
export const notFound: RequestHandler = (req, res) => {
  sendError(req, res, 404, 'NOT_FOUND', 'No such route');
};
