// A minimal event emitter with the shape of `vscode.Event`, so modules below the glue (registry,
// explorer model, access service) stay free of `vscode` and run in plain Node tests. A `vscode.Event` listener
// registration (`emitter.event(listener, thisArg, disposables)`) works unchanged.

export interface Disposable {
  dispose(): unknown;
}

export type Event<T> = (listener: (e: T) => unknown, thisArgs?: unknown, disposables?: Disposable[]) => Disposable;

export class Emitter<T> implements Disposable {
  private listeners = new Set<(e: T) => unknown>();

  readonly event: Event<T> = (listener, thisArgs, disposables) => {
    const bound = thisArgs === undefined ? listener : (e: T) => listener.call(thisArgs, e);
    this.listeners.add(bound);
    const d = { dispose: () => void this.listeners.delete(bound) };
    disposables?.push(d);
    return d;
  };

  fire(e: T): void {
    // A throwing listener must not stop the others (the tree and open editors both listen).
    for (const l of [...this.listeners]) {
      try {
        l(e);
      } catch {
        /* ignored: listeners log their own failures */
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
