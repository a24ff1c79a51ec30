// state hooks
import { useState } from 'react';
import { render } from './render.js';

export const start = () => render(useState);
