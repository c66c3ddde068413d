import { Type } from '@sinclair/typebox';
import { ErrorBody } from '../../core/http/schemas.ts';

const error = (description: string) => Type.Ref(ErrorBody, { description });

/** The stream's OpenAPI description: a text/event-stream body, refusals in the usual error body. */
export const eventsResponses = {
  200: {
    description: 'A stream of server-sent events: `event: ready` once listening, then one `event: appointment` per change '
      + 'whose `data` is `{"org_id", "location_id", "appointment_id", "date", "action"}` (`date`: the local date touched, null '
      + 'for an appointment without one; a move sends one event for the day it left and one for the day it landed on). '
      + 'A comment line every 25 s keeps proxies from closing it.',
    content: { 'text/event-stream': { schema: Type.String() } },
  },
  401: error('Missing, invalid or revoked token'),
  404: error('Another organisation\'s org_id'),
  406: error('The request does not accept text/event-stream'),
};
