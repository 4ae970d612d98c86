// The lesson webview: a rendered lesson (markdown-it, raw HTML disabled) beside the timeline.
// Its command links are passed back as messages; only websocketLab.* commands are run.
// The handshake and validation are the WebviewHost's (../webview/webviewHost.ts).
import * as vscode from 'vscode';
import { parseLessonMessage, type HostToLesson, type LessonToHost } from '../../shared/protocol/lesson';
import { webviewAssetsRoot } from '../webview/webviewHtml';
import { PanelRegistry, WebviewHost, type WebviewDocument } from '../webview/webviewHost';

export interface LessonContent {
  module: number;
  title: string;
  markdown: string;
  topic?: string;
  passed: boolean;
  onTopicVisible(topic: string): void;
}

/** There is one lesson panel: a new lesson replaces what it shows. */
const KEY = 'lesson';

export class LessonPanel {
  private static readonly open = new PanelRegistry<LessonPanel>();
  readonly host: WebviewHost<LessonToHost, HostToLesson>;
  private content: LessonContent;

  static current(): LessonPanel | undefined {
    return LessonPanel.open.get(KEY);
  }

  static show(extensionUri: vscode.Uri, content: LessonContent, log: vscode.LogOutputChannel): LessonPanel {
    LessonPanel.current()?.setContent(content);
    return LessonPanel.open.show(KEY, vscode.ViewColumn.One, () => {
      const panel = vscode.window.createWebviewPanel('websocketLab.lesson', content.title, vscode.ViewColumn.One, {
        enableScripts: true,
        enableCommandUris: false,
        localResourceRoots: [webviewAssetsRoot(extensionUri), imagesRoot(extensionUri)],
      });
      panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icons', 'websocket-lab.svg');
      return new LessonPanel(panel, extensionUri, content, log);
    });
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    content: LessonContent,
    log: vscode.LogOutputChannel,
  ) {
    this.content = content;
    this.host = new WebviewHost<LessonToHost, HostToLesson>(panel, {
      name: 'lesson panel',
      extensionUri,
      page: { title: content.title, bundle: 'lesson', stylesheet: false },
      parse: parseLessonMessage,
      log,
      onReady: (document) => this.sendLesson(document),
      onMessage: (m) => {
        if (m.type === 'command') void vscode.commands.executeCommand(m.command, ...m.args);
        else if (m.type === 'topicVisible') this.content.onTopicVisible(m.topic);
        else if (m.type === 'copyCode') void vscode.env.clipboard.writeText(m.text).then(() => vscode.window.setStatusBarMessage('$(copy) Code copied', 2000));
        return undefined;
      },
    });
  }

  setContent(content: LessonContent): void {
    this.content = content;
    this.panel.title = content.title;
    if (this.host.ready) void this.sendLesson(this.host);
  }

  post(message: HostToLesson): void {
    this.host.post(message);
  }

  private async sendLesson(to: Pick<WebviewDocument<HostToLesson>, 'post'>): Promise<void> {
    // markdown-it loads with the first lesson, not on activation (dist/lessons.js, see esbuild.mjs).
    const { renderLesson } = await import('../../lessons/index');
    const webview = this.panel.webview;
    const images = imagesRoot(this.extensionUri);
    const html = renderLesson(this.content.markdown, {
      resolveImage: (rel) => webview.asWebviewUri(vscode.Uri.joinPath(images, rel)).toString(),
    });
    to.post({ type: 'lesson', module: this.content.module, title: this.content.title, html, topic: this.content.topic, passed: this.content.passed });
  }
}

function imagesRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'media', 'lessons');
}
