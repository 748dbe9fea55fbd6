// Starts `plan-lint server` for Markdown files; everything else is the server's.
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const settings = vscode.workspace.getConfiguration('planLint');
  const command = settings.get('path', 'plan-lint');
  const serverOptions = { command, args: ['server'] };
  const clientOptions = {
    documentSelector: [{ scheme: 'file', language: 'markdown' }],
    initializationOptions: { debounceMs: settings.get('debounceMs', 100) },
  };
  client = new LanguageClient('plan-lint', 'plan-lint', serverOptions, clientOptions);
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
