import { it } from 'vitest';
import { renderLesson } from '../../../src/lessons/renderLesson';
it('x', () => {
console.log(renderLesson(`# Module 5: X
## WebSocket vs HTTP/2 and HTTP/3
[▶ Start](command:websocketLab.startExercise?%5B%22m05%22%5D) [bad](command:workbench.action.openSettings) [ok](https://x.org) [js](javascript:alert(1)) [file](file:///etc/passwd) [top](#a)
![a](img/x.png) ![b](../../x.png) ![c](%2e%2e/x.png) ![d](https://e/x.png) ![e](img%20one.png)
<script>alert(1)</script>
\`\`\`js runnable scenario=echo
# not heading <b>
\`\`\`
## WebSocket vs HTTP/2 and HTTP/3
`, { resolveImage: (p) => 'vscode-resource:/' + p }));
});
