import { GRIEVANCE_ADDRESS_MAX, GRIEVANCE_DESCRIPTION_MAX, GRIEVANCE_KINDS } from '../dto/grievance.dto';

/** The annex's own rules for a posted request, stated once: in each service and its definition. */
export const POSTING_RULES =
  `api_key (a partner key issued by the annex) is required. description: 10 to ${GRIEVANCE_DESCRIPTION_MAX} characters. ` +
  `Location is optional: lat and long together (WGS84 degrees), and/or address_string (up to ${GRIEVANCE_ADDRESS_MAX} characters); address_id is not used. ` +
  'media_url: an http(s) URL, optional. Contact details are optional: with a Moroccan mobile phone (06…, 07…, 05… or +212…) the filer gets an SMS when ' +
  'the annex answers; otherwise the request is followed by its service_request_id. email, first_name, last_name, device_id and account_id are not stored.';

export const SERVICES = [
  {
    service_code: 'grievance',
    service_name: 'Réclamation / شكاية',
    description: 'A complaint about a service of the annex',
    group: 'Constitution art. 156',
  },
  {
    service_code: 'observation',
    service_name: 'Observation / ملاحظة',
    description: 'An observation about the annex or a neighbourhood',
    group: 'Constitution art. 156',
  },
  {
    service_code: 'proposal',
    service_name: 'Proposition / اقتراح',
    description: 'A proposal to improve a service',
    group: 'Constitution art. 156',
  },
]
  .filter((s) => GRIEVANCE_KINDS.includes(s.service_code as never))
  .map((s) => ({ ...s, description: `${s.description}. ${POSTING_RULES}`, metadata: true, type: 'realtime', keywords: 'annexe,art156' }));

/** The one extra attribute (`attribute[subject]`), and the rules as an informational attribute. */
export function serviceDefinition(code: string) {
  return {
    service_code: code,
    attributes: [
      {
        variable: false,
        code: 'rules',
        datatype: 'text',
        required: false,
        datatype_description: null,
        order: 1,
        description: POSTING_RULES,
      },
      {
        variable: true,
        code: 'subject',
        datatype: 'string',
        required: false,
        datatype_description: '3 to 200 characters',
        order: 2,
        description: 'A short title shown to the annex staff; the first 80 characters of the description when absent',
      },
    ],
  };
}

/** GeoReport v2 service discovery (http://wiki.open311.org/Service_Discovery). */
export function discovery(publicUrl: string, changeset: string) {
  return {
    changeset,
    contact: 'The annex administration, through the grievance service of this endpoint, or at its reception desk',
    key_service:
      'API keys are issued to partner organisations by the annex administrator (partner keys of /api/v1/partners); pass it as api_key when posting',
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `${publicUrl.replace(/\/$/, '')}/open311/v2`,
        changeset,
        type: 'production',
        formats: ['application/json', 'text/xml'],
      },
    ],
  };
}
