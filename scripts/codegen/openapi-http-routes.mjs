// The plain HTTP routes beside the gRPC mirror (health, metrics, CSV exports, self-service, the
// courier feed): their controllers are not generated from proto, so they are described here, with
// proto schemas wherever they return proto messages. test/e2e/openapi.test.ts fails when a running
// service has a route this file does not describe.
import { errorResponsesOf } from './openapi-errors.mjs';

const anonymous = [];
const text = (mediaType, description) => ({ description, content: { [mediaType]: { schema: { type: 'string' } } } });
const json = (description, schema) => ({ description, content: { 'application/json': { schema } } });
const query = (name, description, schema = { type: 'string' }) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});
const rolesOf = (accessTable, rpc) => accessTable.get(rpc)?.roles ?? [];

/**
 * Routes every service has (libs/service-kit). /healthz, /readyz and /metrics are left out: they are
 * for the orchestrator and Prometheus (README), not for integrators.
 */
function platformRoutes() {
  return {
    '/openapi.json': {
      get: {
        operationId: 'openapi',
        tags: ['Platform'],
        summary: 'This document',
        description: 'Any valid token will do.',
        responses: {
          200: json('the OpenAPI 3.1 document of this service', { type: 'object' }),
          401: { $ref: '#/components/responses/Unauthenticated' },
        },
      },
    },
  };
}

function csvExport(operationId, tag, summary, rpc, accessTable, parameters) {
  const roles = rolesOf(accessTable, rpc);
  return {
    get: {
      operationId,
      tags: [tag],
      summary,
      description: `Whoever may call ${rpc} may export it. Roles: ${roles.map((r) => `\`${r}\``).join(', ')}.`,
      'x-cs-access': { roles, sameAs: rpc },
      parameters,
      responses: { 200: text('text/csv', 'CSV, UTF-8, one header row'), ...errorResponsesOf() },
    },
  };
}

/** Routes of one service's own plain HTTP controllers (services/<name>/src/api/*.http.controller.ts). */
function ownRoutes(serviceName, schemas, accessTable) {
  switch (serviceName) {
    case 'inquiry':
      return {
        '/reports/conversations.csv': csvExport(
          'exportConversations',
          'ReportsService',
          'One row per conversation opened in [from, to)',
          '/cs.inquiry.v1.ReportsService/GetReport',
          accessTable,
          [query('from', 'RFC 3339 timestamp'), query('to', 'RFC 3339 timestamp')],
        ),
      };
    case 'complaints':
      return {
        '/complaints/score-sheet.csv': csvExport(
          'exportScoreSheet',
          'ComplaintReportsService',
          "A month's score sheet as CSV",
          '/cs.complaints.v1.ComplaintReportsService/GetScoreSheet',
          accessTable,
          [query('month', 'YYYY-MM')],
        ),
        '/complaints/report.csv': csvExport(
          'exportComplaintReport',
          'ComplaintReportsService',
          'The complaint report of a day or week as CSV',
          '/cs.complaints.v1.ComplaintReportsService/GetComplaintReport',
          accessTable,
          [query('period', 'day or week', { enum: ['day', 'week'] }), query('date', 'YYYY-MM-DD')],
        ),
      };
    case 'knowledge':
      return selfServiceRoutes(schemas);
    case 'aftersales':
      return courierFeedRoutes(schemas);
    default:
      return {};
  }
}

function selfServiceRoutes(schemas) {
  const kind = schemas.ref('cs.knowledge.v1.ArticleKind', false);
  const hit = {
    type: 'object',
    properties: {
      articleId: { type: 'string' },
      title: { type: 'string' },
      highlight: { type: 'string', description: 'A passage with the matched words in 【】.' },
      kind,
      locale: { type: 'string' },
    },
    additionalProperties: false,
  };
  const article = {
    type: 'object',
    properties: {
      articleId: { type: 'string' },
      kind,
      locale: { type: 'string' },
      version: { type: 'integer', format: 'int32' },
      title: { type: 'string' },
      body: { type: 'string' },
      category: { type: 'string' },
      translations: { type: 'array', items: schemas.ref('cs.knowledge.v1.ArticleTranslation', false) },
    },
    additionalProperties: false,
  };
  const op = (operationId, summary, parameters, schema) => ({
    get: {
      operationId,
      tags: ['Self-service'],
      summary,
      description: 'Customer self-service (自助服务): no token; published public articles only.',
      security: anonymous,
      parameters,
      responses: { 200: json('OK', schema), ...errorResponsesOf({ anonymous: true }) },
    },
  });
  return {
    '/self-service/articles': op(
      'searchPublicArticles',
      'Search the published public articles',
      [
        query('q', 'the words to search for, Chinese or English'),
        query('locale', 'e.g. zh-CN'),
        query('limit', 'at most this many hits', { type: 'integer', minimum: 0 }),
      ],
      { type: 'object', properties: { hits: { type: 'array', items: hit } }, additionalProperties: false },
    ),
    '/self-service/articles/{articleId}': op(
      'getPublicArticle',
      'The live version of a public article (404 for anything else)',
      [{ name: 'articleId', in: 'path', required: true, schema: { type: 'string' } }],
      article,
    ),
  };
}

function courierFeedRoutes(schemas) {
  const update = schemas.messageSchema('cs.aftersales.v1.RecordTrackingUpdateRequest', true);
  const header = (name, description) => ({
    name,
    in: 'header',
    required: true,
    description,
    schema: { type: 'string' },
  });
  return {
    '/aftersales/webhooks/courier-status': {
      post: {
        operationId: 'receiveCourierStatus',
        tags: ['TrackingService'],
        summary: "The courier's status feed (webhook)",
        description:
          "No bearer token: the courier signs each delivery with HMAC (x-courier-signature over `<timestamp>.<raw body>`); an unsigned, badly signed or stale delivery is `unauthenticated`. `eventId` (or `event_id`) is the courier's id of the event: a redelivery of one already recorded answers `recorded: false`.",
        security: anonymous,
        parameters: [
          header('x-courier-timestamp', 'Unix seconds when the courier sent it'),
          header(
            'x-courier-signature',
            '`sha256=<hex>`: HMAC-SHA256 with the shared secret over `<timestamp>.<raw body>`',
          ),
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { ...update, properties: { ...update.properties, eventId: { type: 'string' } } },
            },
          },
        },
        responses: {
          200: json('OK', {
            type: 'object',
            properties: { recorded: { type: 'boolean' } },
            required: ['recorded'],
            additionalProperties: false,
          }),
          401: { $ref: '#/components/responses/Unauthenticated' },
          ...errorResponsesOf({ anonymous: true, body: true }),
        },
      },
    },
  };
}

/** The plain routes of one service, and the tags they use beyond its gRPC services'. */
export function plainRoutes(serviceName, schemas, accessTable) {
  return { ...platformRoutes(), ...ownRoutes(serviceName, schemas, accessTable) };
}

/** Proto messages the plain routes write (so their written form keeps the plain schema name). */
export const plainRouteOutputs = ['cs.knowledge.v1.ArticleTranslation'];

export const plainRouteTags = [
  { name: 'Platform', description: 'This document.' },
  {
    name: 'Self-service',
    description: 'What customers read without a token: published public knowledge articles.',
  },
];
