// Sandbox CLI entry point (placeholder until the server lands).
console.log('Kadi4Mat sandbox: not implemented yet');
