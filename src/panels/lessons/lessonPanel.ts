// The lesson webview: a rendered lesson (markdown-it, raw HTML disabled) beside the timeline.
// Its command links are passed back as messages; only websocketLab.* commands are run.
import * as vscode from 'vscode';
import { parseLessonMessage, type HostToLesson } from '../../shared/protocol/lesson';
import { renderWebviewHtml, webviewAssetsRoot } from '../webview/webviewHtml';

export interface LessonContent {
  module: number;
  title: string;
  markdown: string;
  topic?: string;
  passed: boolean;
  onTopicVisible(topic: string): void;
}

export class LessonPanel {
  private static instance: LessonPanel | undefined;
  private ready = false;
  private content: LessonContent;

  static current(): LessonPanel | undefined {
    return LessonPanel.instance;
  }

  static show(extensionUri: vscode.Uri, content: LessonContent, log: vscode.LogOutputChannel): LessonPanel {
    if (LessonPanel.instance) {
      LessonPanel.instance.setContent(content);
      LessonPanel.instance.panel.reveal(vscode.ViewColumn.One);
      return LessonPanel.instance;
    }
    const imagesRoot = vscode.Uri.joinPath(extensionUri, 'media', 'lessons');
    const panel = vscode.window.createWebviewPanel('websocketLab.lesson', content.title, vscode.ViewColumn.One, {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [webviewAssetsRoot(extensionUri), imagesRoot],
    });
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icons', 'websocket-lab.svg');
    LessonPanel.instance = new LessonPanel(panel, extensionUri, content, log);
    return LessonPanel.instance;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    content: LessonContent,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.content = content;
    panel.webview.html = renderWebviewHtml(panel.webview, extensionUri, { title: content.title, bundle: 'lesson', stylesheet: false });
    panel.onDidDispose(() => {
      if (LessonPanel.instance === this) LessonPanel.instance = undefined;
    });
    // Shown again: re-send the lesson, whether the webview was recreated or kept.
    panel.onDidChangeViewState(() => {
      if (panel.visible && this.ready) void this.sendLesson();
    });
    panel.webview.onDidReceiveMessage((raw) => {
      const parsed = parseLessonMessage(raw);
      if (!parsed.ok) {
        this.log.warn(`lesson panel: ignored a message (${parsed.error})`);
        return;
      }
      const m = parsed.message;
      if (m.type === 'ready') {
        this.ready = true;
        void this.sendLesson();
      } else if (m.type === 'command') {
        void vscode.commands.executeCommand(m.command, ...m.args);
      } else if (m.type === 'topicVisible') {
        this.content.onTopicVisible(m.topic);
      }
    });
  }

  setContent(content: LessonContent): void {
    this.content = content;
    this.panel.title = content.title;
    void this.sendLesson();
  }

  post(message: HostToLesson): void {
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private async sendLesson(): Promise<void> {
    // markdown-it loads with the first lesson, not on activation (dist/lessons.js, see esbuild.mjs).
    const { renderLesson } = await import('../../lessons/index');
    const webview = this.panel.webview;
    const imagesRoot = vscode.Uri.joinPath(this.extensionUri, 'media', 'lessons');
    const html = renderLesson(this.content.markdown, {
      resolveImage: (rel) => webview.asWebviewUri(vscode.Uri.joinPath(imagesRoot, rel)).toString(),
    });
    this.post({ type: 'lesson', module: this.content.module, title: this.content.title, html, topic: this.content.topic, passed: this.content.passed });
  }
}
