// The learn server's routes: the lesson pages, their two static files, and `/api/check`,
// which runs the checker for the page. server.ts listens and stops; this only routes.

import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { courseSteps, DEFAULT_LIMITS, describeError, KIT_ROOT, KitError, loadStep, run, STEPS_DIR, translator, type CheckPool, type Lang, type Limits } from '../checker/index.ts';
import { guardCheckRequest, isOwnHost, MAX_BODY_BYTES, parseCheckBody, refusal, type Refusal } from './check-request.ts';
import { checkResponse, refusalBody } from './check-response.ts';
import { exactLang, langOfRequest } from './lang.ts';
import { renderNotFound, renderStepPage, stepPath } from './render.ts';

const PUBLIC_DIR = path.join(KIT_ROOT, 'learn', 'public');

/**
 * Nothing but this server's own files may run or load in its pages; the lesson's
 * inline HTML cannot add a script, and no other site may frame the page.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'"],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
};

/**
 * The page's security headers, by helmet: the policy above and nothing of helmet's default
 * one, frames refused (DENY), no HSTS (the page is served over http on this computer), and
 * helmet's other defaults (nosniff, no referrer, same-origin opener and resources...).
 */
const securityHeaders = helmet({
  contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
  xFrameOptions: { action: 'deny' },
  strictTransportSecurity: false,
});

/** Check requests running at once; more wait for no one and are refused as `busy`. */
export const MAX_RUNNING_CHECKS = 4;

export interface LearnOptions {
  /** Shared workers for every check request, for the server's whole life. */
  pool: CheckPool;
  /** The port the server listens on, known only once it listens (LEARN_PORT=0). */
  port: () => number;
  stepsDir?: string;
  /** Each check's limits (default: the checker's, as `npm run check`); tests shorten the time. */
  limits?: Partial<Limits>;
  /** One line per check request (its target and summary), for the server's terminal. */
  log?: (line: string) => void;
}

function refuse(res: Response, found: Refusal, lang: Lang): void {
  if (found.status === 405) res.set('Allow', 'POST');
  res.status(found.status).set('Cache-Control', 'no-store').json(refusalBody(found, translator(lang)));
}

export function createLearnApp(options: LearnOptions): express.Express {
  const stepsDir = options.stepsDir ?? STEPS_DIR;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use(securityHeaders);
  app.use((req, res, next) => {
    // A page reached under another name (DNS rebinding) gets nothing, not even the lesson.
    if (!isOwnHost(req.get('host'), options.port())) {
      refuse(res, refusal(403, 'bad-host', { host: req.get('host') ?? '' }), langOfRequest(req));
      return;
    }
    next();
  });

  app.use('/static', express.static(PUBLIC_DIR, { index: false, fallthrough: true }));
  app.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });

  const firstStep = (): string | undefined => courseSteps(stepsDir)[0];

  app.get('/', (req, res) => {
    const lang = exactLang(req.query.lang) ?? langOfRequest(req);
    const first = firstStep();
    res.set('Vary', 'Accept-Language');
    if (first === undefined) {
      res.status(404).type('html').send(renderNotFound(lang, translator(lang), '/'));
      return;
    }
    res.redirect(302, stepPath(lang, first));
  });

  app.get('/:lang', (req, res, next) => {
    const lang = exactLang(req.params.lang);
    const first = firstStep();
    if (!lang || first === undefined) return next();
    res.redirect(302, stepPath(lang, first));
  });

  app.get('/:lang/:step', async (req, res, next) => {
    const lang = exactLang(req.params.lang);
    const names = courseSteps(stepsDir);
    if (!lang || !names.includes(req.params.step)) return next();
    try {
      const steps = await Promise.all(names.map(async (name) => ({ name, title: (await loadStep(name, lang, stepsDir)).title })));
      const step = await loadStep(req.params.step, lang, stepsDir);
      res.type('html').set('Cache-Control', 'no-cache').send(renderStepPage({ step, name: req.params.step, lang, t: translator(lang), steps }));
    } catch (err) {
      next(err);
    }
  });

  let running = 0;
  app.all('/api/check', (req, res, next) => {
    const found = guardCheckRequest(
      {
        method: req.method,
        host: req.get('host'),
        origin: req.get('origin'),
        fetchSite: req.get('sec-fetch-site'),
        contentType: req.get('content-type'),
      },
      options.port(),
    );
    if (found) return refuse(res, found, langOfRequest(req));
    next();
  });
  app.post('/api/check', express.json({ limit: MAX_BODY_BYTES, strict: true }), async (req, res) => {
    const parsed = parseCheckBody(req.body, courseSteps(stepsDir));
    if (!parsed.ok) return refuse(res, parsed.refusal, langOfRequest(req));
    const { url, lang, step: name } = parsed.request;
    const t = translator(lang);
    if (running >= MAX_RUNNING_CHECKS) return refuse(res, refusal(429, 'busy'), lang);
    running++;
    // A page closed or reloaded mid-check frees its place at once: nobody will read the answer.
    const gone = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) gone.abort();
    });
    try {
      const step = await loadStep(name, lang, stepsDir);
      const limits = { ...DEFAULT_LIMITS, ...options.limits };
      const results = await run(step, { kind: 'url', url }, { lang, limits, pool: options.pool, signal: gone.signal });
      if (gone.signal.aborted) return;
      const response = checkResponse(results, t);
      options.log?.(`${response.target} ${response.summary}`);
      res.set('Cache-Control', 'no-store').json(response);
    } catch (err) {
      if (!(err instanceof KitError)) throw err;
      refuse(res, refusal(500, 'failed', { message: describeError(err, t) }), lang);
    } finally {
      running--;
    }
  });

  /** Nothing at this address: the page for people, the JSON refusal under /api/. */
  const nothingHere = (req: Request, res: Response, status: number) => {
    const lang = langOfRequest(req);
    if (req.path.startsWith('/api/')) return refuse(res, refusal(status, 'not-found'), lang);
    res.status(status).type('html').send(renderNotFound(lang, translator(lang), '/'));
  };

  app.use((req, res) => nothingHere(req, res, 404));

  // Errors from reading the body (too large, not JSON) are the client's; anything else is ours.
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const type = (err as { type?: string }).type;
    const lang = langOfRequest(req);
    if (type === 'entity.too.large') return refuse(res, refusal(413, 'body-too-large', { limit: MAX_BODY_BYTES }), lang);
    if (type === 'entity.parse.failed') return refuse(res, refusal(400, 'bad-json'), lang);
    if (type === 'charset.unsupported' || type === 'encoding.unsupported') return refuse(res, refusal(415, 'not-json', { type: req.get('content-type') ?? '-' }), lang);
    // An address whose %-escapes do not decode (`/en/%E0%A4%A`): the router's URIError, a 400 that names no page.
    if (err instanceof URIError && (err as { status?: number }).status === 400) return nothingHere(req, res, 400);
    const message = err instanceof KitError ? describeError(err, translator(lang)) : String((err as Error)?.message ?? err);
    refuse(res, refusal(500, 'failed', { message }), lang);
  });

  return app;
}
