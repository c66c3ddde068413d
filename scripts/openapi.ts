// Writes the OpenAPI document generated from the route schemas to openapi.json (committed; a test
// fails when it drifts). The platform admin API is included, as it is when CHAIRTIME_ADMIN_TOKEN is set.
import { writeFile } from 'node:fs/promises';
import { openApiDocument } from '../src/core/http/openapi-document.ts';

await writeFile('openapi.json', JSON.stringify(await openApiDocument(), null, 2) + '\n');
console.log('wrote openapi.json');
