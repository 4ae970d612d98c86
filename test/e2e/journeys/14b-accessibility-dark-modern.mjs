// Issue 13: the accessibility journey of 14a in the Dark Modern theme.
import { accessibilityJourney } from './14a-accessibility-light-plus.mjs';

export const name = 'accessibility-dark-modern';
export const settings = { 'workbench.colorTheme': 'Default Dark Modern' };
export const run = accessibilityJourney('dark-modern');
