import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiQuery, ApiResponse } from '@nestjs/swagger';

/**
 * The GeoReport v2 answers as OpenAPI schemas (the same shapes as the public JSON Schemas of
 * open311/schema-validation, which the e2e suite checks them against). XML is the same tree.
 */
const str = { type: 'string' } as const;
const nstr = { type: 'string', nullable: true } as const;
const ndate = { type: 'string', format: 'date-time', nullable: true } as const;

const SERVICE = {
  type: 'object',
  required: ['service_code', 'service_name', 'metadata', 'type'],
  properties: {
    service_code: str,
    service_name: str,
    description: nstr,
    metadata: { type: 'boolean' },
    type: { type: 'string', enum: ['realtime', 'batch', 'blackbox'] },
    keywords: nstr,
    group: nstr,
  },
};

const DEFINITION = {
  type: 'object',
  required: ['service_code', 'attributes'],
  properties: {
    service_code: str,
    attributes: {
      type: 'array',
      items: {
        type: 'object',
        required: ['variable', 'code', 'datatype', 'required'],
        properties: {
          variable: { type: 'boolean' },
          code: str,
          datatype: { type: 'string', enum: ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] },
          required: { type: 'boolean' },
          datatype_description: nstr,
          order: { type: 'integer', nullable: true },
          description: nstr,
        },
      },
    },
  },
};

const REQUEST = {
  type: 'object',
  required: ['service_request_id', 'status', 'service_code', 'requested_datetime'],
  properties: {
    service_request_id: str,
    status: { type: 'string', enum: ['open', 'closed'] },
    status_notes: nstr,
    service_name: nstr,
    service_code: str,
    description: { type: 'string', maxLength: 4000, nullable: true },
    agency_responsible: nstr,
    service_notice: nstr,
    requested_datetime: { type: 'string', format: 'date-time' },
    updated_datetime: ndate,
    expected_datetime: ndate,
    address: nstr,
    address_id: nstr,
    zipcode: nstr,
    lat: { type: 'number', nullable: true },
    long: { type: 'number', nullable: true },
    media_url: { type: 'string', format: 'uri', nullable: true },
  },
};

const CREATED = {
  type: 'object',
  required: ['service_request_id'],
  properties: { service_request_id: str, service_notice: nstr, token: str, account_id: nstr },
};
const TOKEN = { type: 'object', required: ['service_request_id', 'token'], properties: { service_request_id: str, token: str } };

const DISCOVERY = {
  type: 'object',
  required: ['changeset', 'contact', 'key_service', 'endpoints'],
  properties: {
    changeset: { type: 'string', format: 'date-time' },
    contact: str,
    key_service: str,
    endpoints: {
      type: 'array',
      items: {
        type: 'object',
        required: ['specification', 'url', 'changeset', 'type', 'formats'],
        properties: {
          specification: str,
          url: { type: 'string', format: 'uri' },
          changeset: { type: 'string', format: 'date-time' },
          type: { type: 'string', enum: ['production', 'test'] },
          formats: { type: 'array', items: str },
        },
      },
    },
  },
};

const answer = (status: number, description: string, json: object) =>
  ApiResponse({ status, description, content: { 'application/json': { schema: json }, 'text/xml': { schema: { type: 'string' } } } });
const list = (item: object) => ({ type: 'array', items: item });

export const Open311Docs = {
  discovery: () => answer(200, 'Discovery document', DISCOVERY),
  services: () => answer(200, 'Services', list(SERVICE)),
  definition: () => answer(200, 'Service definition', DEFINITION),
  requests: () => answer(200, 'Requests', list(REQUEST)),
  created: () => answer(201, 'Filed', list(CREATED)),
  token: () => answer(200, 'Request id of a token', list(TOKEN)),
};

const jurisdiction = ApiQuery({ name: 'jurisdiction_id', required: false, description: 'An annex code (case-insensitive), e.g. BRK5' });

/** Query parameters of `GET requests`. */
export const Open311ListQuery = () =>
  applyDecorators(
    jurisdiction,
    ApiQuery({ name: 'service_request_id', required: false, description: 'Comma-separated ids; the other filters are then ignored' }),
    ApiQuery({ name: 'service_code', required: false, description: 'Comma-separated service codes' }),
    ApiQuery({ name: 'status', required: false, description: 'open, closed, or both comma-separated' }),
    ApiQuery({
      name: 'start_date',
      required: false,
      schema: { type: 'string', format: 'date-time' },
      description: 'Default: 90 days before end_date',
    }),
    ApiQuery({ name: 'end_date', required: false, schema: { type: 'string', format: 'date-time' }, description: 'Default: now' }),
  );

export const Open311Jurisdiction = () => jurisdiction;

/** The posted fields (form-encoded as the spec says, or JSON). */
export const Open311PostBody = () =>
  applyDecorators(
    jurisdiction,
    ApiBody({
      required: true,
      schema: {
        type: 'object',
        required: ['api_key', 'service_code', 'description'],
        properties: {
          api_key: str,
          service_code: { type: 'string', enum: ['grievance', 'observation', 'proposal'] },
          description: { type: 'string', minLength: 10, maxLength: 4000 },
          lat: { type: 'number', minimum: -90, maximum: 90 },
          long: { type: 'number', minimum: -180, maximum: 180 },
          address_string: { type: 'string', maxLength: 1000 },
          media_url: { type: 'string', format: 'uri' },
          phone: str,
          'attribute[subject]': { type: 'string', minLength: 3, maxLength: 200 },
        },
      },
    }),
  );
