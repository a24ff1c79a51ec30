// state hooks
import { useState } from 'preact/hooks';
import { render } from './render.js';

export const start = () => render(useState);
