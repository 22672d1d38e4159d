// The JSON-Schema exports record metadata is validated against, fetched from the server once
// per template and kept until the template changes (a save, a restored revision, …). The cache
// key names the version, so the validation engine compiles each version once. No `vscode`.
import type { ClientSource } from '../instances/registry';
import type { JsonSchemaObject } from '../validation';

export interface RecordSchema {
  schema: JsonSchemaObject;
  /** For `validateRecordText(…, { cacheKey })`: changes when the template does. */
  cacheKey: string;
}

export class RecordSchemas {
  private readonly entries = new Map<string, Promise<RecordSchema>>();
  private generation = 0;

  constructor(private readonly source: Pick<ClientSource, 'call'>) {}

  get(instanceId: string, templateId: number): Promise<RecordSchema> {
    const key = `${instanceId}#${templateId}`;
    let p = this.entries.get(key);
    if (!p) {
      const cacheKey = `${key}@${++this.generation}`;
      p = this.source.call(instanceId, (c) => c.exportJsonSchema(templateId)).then((schema) => ({ schema, cacheKey }));
      // A failure is not kept: the next look asks again.
      p.catch(() => {
        if (this.entries.get(key) === p) this.entries.delete(key);
      });
      this.entries.set(key, p);
    }
    return p;
  }

  /** The template changed: the next `get` fetches its export again. */
  invalidate(instanceId: string, templateId: number): void {
    this.entries.delete(`${instanceId}#${templateId}`);
  }

  clear(): void {
    this.entries.clear();
  }
}
