// Lesson styles, adopted as a constructed stylesheet (allowed by the strict CSP) so the
// packaged extension needs no separate CSS file for the lesson view.
export const LESSON_CSS = `
body {
  color: var(--vscode-foreground);
  background: var(--vscode-editor-background);
  font-family: var(--vscode-font-family);
  font-size: var(--vscode-font-size);
  line-height: 1.55;
  padding: 0 20px 40px;
}
.lesson { max-width: 860px; margin: 0 auto; }
.lesson h1 { font-size: 1.8em; border-bottom: 1px solid var(--vscode-panel-border); padding-bottom: 0.3em; }
.lesson h2 { font-size: 1.35em; margin-top: 1.8em; border-bottom: 1px solid var(--vscode-panel-border); padding-bottom: 0.2em; }
.lesson h3 { font-size: 1.1em; margin-top: 1.4em; }
.lesson a { color: var(--vscode-textLink-foreground); }
.lesson a:hover { color: var(--vscode-textLink-activeForeground); }
.lesson a[data-command] {
  display: inline-block;
  padding: 3px 10px;
  margin: 2px 0;
  border-radius: 2px;
  text-decoration: none;
  background: var(--vscode-button-background);
  color: var(--vscode-button-foreground);
}
.lesson a[data-command]:hover { background: var(--vscode-button-hoverBackground); color: var(--vscode-button-foreground); }
/* Inline code in the preformat pair of colours, as VS Code's own webview style sets its colour:
   with the code block background under it, High Contrast's black preformat text was on black. */
.lesson code {
  font-family: var(--vscode-editor-font-family);
  font-size: 0.92em;
  color: var(--vscode-textPreformat-foreground);
  background: var(--vscode-textPreformat-background);
  padding: 1px 4px;
  border-radius: 3px;
}
.lesson pre {
  color: var(--vscode-editor-foreground);
  background: var(--vscode-textCodeBlock-background);
  padding: 10px 12px;
  overflow-x: auto;
  border-radius: 4px;
}
.lesson pre code { color: inherit; background: none; padding: 0; }
.lesson .code-block { position: relative; }
.lesson .code-copy {
  position: absolute; top: 4px; right: 4px; z-index: 1;
  padding: 2px 8px; border-radius: 2px; cursor: pointer;
  font: inherit; font-size: 0.85em;
  background: var(--vscode-button-secondaryBackground);
  color: var(--vscode-button-secondaryForeground);
  border: 1px solid var(--vscode-button-border, transparent);
}
.lesson .code-copy:hover { background: var(--vscode-button-secondaryHoverBackground); }
.lesson .code-copy:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
/* Room for the Copy button at the top right: the first line and the "runnable" mark stay clear of it. */
.lesson .code-block pre { padding-right: 72px; }
.lesson .code-block pre[data-runnable]::before { margin-right: -8px; margin-top: 22px; }
.lesson pre:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
.lesson pre[data-runnable]::before {
  content: 'runnable';
  float: right;
  font-size: 0.8em;
  opacity: 0.7;
  font-family: var(--vscode-font-family);
}
.lesson table { border-collapse: collapse; margin: 1em 0; }
.lesson th, .lesson td { border: 1px solid var(--vscode-panel-border); padding: 4px 8px; text-align: left; }
.lesson blockquote { border-left: 3px solid var(--vscode-textBlockQuote-border); margin: 0; padding: 2px 12px; background: var(--vscode-textBlockQuote-background); }
.lesson img { max-width: 100%; }
/* A notification: the theme's notification colours for the text (readable in every theme; the
   passed colour as a background under editor-coloured text was 2.0:1), the outcome's colour on
   the left edge. */
.exercise-banner {
  position: sticky; top: 0; z-index: 2; padding: 6px 12px; margin: 0 -20px;
  background: var(--vscode-notifications-background);
  color: var(--vscode-notifications-foreground);
  border: 1px solid var(--vscode-notifications-border, transparent);
  border-left-width: 4px;
  box-shadow: 0 1px 4px var(--vscode-widget-shadow, transparent);
}
.exercise-banner.passed { border-left-color: var(--vscode-testing-iconPassed); }
.exercise-banner.failed { border-left-color: var(--vscode-inputValidation-warningBorder, var(--vscode-editorWarning-foreground)); }
`;
