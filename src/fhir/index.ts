// What other areas may use of the FHIR face: only its plugin, registered by app.ts under /fhir/{org_id}.
export { fhirPlugin } from './routes/fhir.ts';
