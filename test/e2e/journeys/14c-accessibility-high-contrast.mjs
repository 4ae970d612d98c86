// Issue 13: the accessibility journey of 14a in the (dark) High Contrast theme.
import { accessibilityJourney } from './14a-accessibility-light-plus.mjs';

export const name = 'accessibility-high-contrast';
export const settings = { 'workbench.colorTheme': 'Default High Contrast' };
export const run = accessibilityJourney('high-contrast');
