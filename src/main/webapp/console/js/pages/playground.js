// Chat with a model the key may use, streamed, with time to first token and tokens per second, and
// the same request as curl and as OpenAI SDK code to copy (with a placeholder, never the key).
import { api, events } from '../api.js';
import { h, clear, field } from '../dom.js';

export default async function playground(root, ctx) {
  const models = (await api('v1/models')).data.map((m) => m.id);
  const model = h('select', {}, models.map((m) => h('option', { value: m }, m)));
  const system = h('textarea', { rows: 2, placeholder: 'e.g. You are a helpful assistant.' });
  const prompt = h('textarea', { rows: 3, required: true, placeholder: 'Ask something' });
  const maxTokens = h('input', { type: 'number', value: 128, min: 1 });
  const temperature = h('input', { type: 'number', value: 0.7, min: 0, max: 2, step: 0.1 });
  const conversation = h('div', { class: 'conversation', 'aria-live': 'polite' });
  const stats = h('div', { role: 'status' });
  const code = h('div');
  const send = h('button', { type: 'submit' }, 'Send');
  const stop = h('button', { type: 'button', class: 'secondary', disabled: true }, 'Stop');
  const form = h('form', {},
    h('div', { class: 'field-row' }, field('Model', 'model', model), field('Max tokens', 'max_tokens', maxTokens), field('Temperature', 'temperature', temperature)),
    field('System message', 'system', system),
    field('Message', 'message', prompt),
    h('p', { class: 'error form-error', role: 'alert' }),
    h('div', { class: 'actions' }, send, stop,
      h('button', { type: 'button', class: 'secondary outline', onclick: () => { history.length = 0; clear(conversation); clear(stats); } }, 'New chat')));
  root.append(h('div', { class: 'playground' }, h('h1', {}, 'Playground'),
    models.length ? null : h('p', { class: 'error' }, 'No model is available to this key.'),
    conversation, stats, form, h('h2', {}, 'The same request in code'), code));

  const history = [];
  let controller = null;
  const request = (stream) => {
    const messages = [];
    if (system.value.trim()) messages.push({ role: 'system', content: system.value.trim() });
    messages.push(...history, { role: 'user', content: prompt.value });
    return { model: model.value, messages, max_tokens: Number(maxTokens.value), temperature: Number(temperature.value), stream,
      ...(stream ? { stream_options: { include_usage: true } } : {}) };
  };
  const showCode = () => clear(code, snippets(request(true)));
  form.addEventListener('input', showCode);
  showCode();
  stop.addEventListener('click', () => controller && controller.abort());

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!prompt.value.trim()) return;
    const body = request(true);
    const question = prompt.value;
    const out = h('output', { class: 'answer' });
    conversation.append(h('div', { class: 'turn' }, h('strong', {}, 'You'), h('p', { class: 'text' }, question)),
      h('div', { class: 'turn' }, h('strong', {}, body.model), out));
    form.querySelector('.form-error').textContent = '';
    controller = new AbortController();
    send.disabled = true;
    stop.disabled = false;
    const started = performance.now();
    let first = null;
    let last = null;
    let chunks = 0;
    let usage = null;
    let text = '';
    try {
      await events('v1/chat/completions', (e) => {
        if (e.data === '[DONE]') return;
        const chunk = JSON.parse(e.data);
        if (chunk.error) throw new Error(chunk.error.message);
        if (chunk.usage) usage = chunk.usage;
        const delta = chunk.choices && chunk.choices[0] && chunk.choices[0].delta && chunk.choices[0].delta.content;
        if (delta) {
          last = performance.now();
          if (first === null) first = last;
          chunks++;
          text += delta;
          out.textContent = text;
        }
      }, { method: 'POST', body, signal: controller.signal });
      history.push({ role: 'user', content: question }, { role: 'assistant', content: text });
      prompt.value = '';
    } catch (e) {
      if (e.name !== 'AbortError') form.querySelector('.form-error').textContent = e.message;
    } finally {
      const ended = performance.now();
      clear(stats, first === null ? h('p', { class: 'muted' }, 'No tokens.')
        : timings({ started, first, last, ended, tokens: usage ? usage.completion_tokens : chunks, counted: !!usage,
          promptTokens: usage ? usage.prompt_tokens : null }));
      send.disabled = false;
      stop.disabled = true;
      controller = null;
      showCode();
    }
  });
}

/**
 * The answer's timings, each with what it measures (in words that match the sums below), the two
 * that describe a model's speed side by side.
 */
function timings({ started, first, last, ended, tokens, counted, promptTokens }) {
  const ttft = Math.round(first - started);
  // the first token's wait is in the time to first token, so the rate counts the tokens after it
  const generating = (last - first) / 1000;
  const rate = tokens > 1 && generating > 0 ? ((tokens - 1) / generating).toFixed(1) : '–';
  const item = (term, value, meaning) => h('div', {}, h('dt', { title: meaning }, term), h('dd', {}, value));
  const meanings = {
    ttft: 'from pressing Send to the first token arriving in this browser',
    rate: 'the completion tokens after the first, over the time from the first token to the last',
    tokens: counted ? 'completion tokens, as the server counted them' : 'completion tokens, counted as the chunks received',
    total: 'from pressing Send to the end of the stream',
  };
  return h('div', { class: 'timings' },
    h('dl', { class: 'stats' },
      item('Time to first token', `${ttft} ms`, meanings.ttft),
      item('Tokens/s', rate, meanings.rate),
      item('Completion tokens', String(tokens), meanings.tokens),
      item('Total', `${((ended - started) / 1000).toFixed(2)} s`, meanings.total),
      promptTokens === null ? null : item('Prompt tokens', String(promptTokens), 'prompt tokens, as the server counted them')),
    h('small', { class: 'legend muted' },
      `Time to first token: ${meanings.ttft}. Tokens/s: ${meanings.rate}. Total: ${meanings.total}.`));
}

function snippets(body) {
  const base = new URL('../v1', location.href).href;
  const json = JSON.stringify(body, null, 2);
  const curl = `curl ${base}/chat/completions \\\n  -H "Authorization: Bearer $SLURMLLM_API_KEY" \\\n  -H 'Content-Type: application/json' \\\n  -d '${JSON.stringify(body).replace(/'/g, "'\\''")}'`;
  const js = `import OpenAI from 'openai';\n\nconst client = new OpenAI({ baseURL: '${base}', apiKey: process.env.SLURMLLM_API_KEY });\nconst stream = await client.chat.completions.create(${json.replace(/\n/g, '\n')});\nfor await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta?.content ?? '');`;
  const py = `from openai import OpenAI\nimport os\n\nclient = OpenAI(base_url="${base}", api_key=os.environ["SLURMLLM_API_KEY"])\nstream = client.chat.completions.create(**${JSON.stringify(body, null, 4).replace(/\btrue\b/g, 'True').replace(/\bfalse\b/g, 'False').replace(/\bnull\b/g, 'None')})\nfor chunk in stream:\n    if chunk.choices:\n        print(chunk.choices[0].delta.content or "", end="")`;
  const block = (title, text) => h('details', {}, h('summary', {}, title),
    h('pre', { class: 'text' }, h('code', {}, text)),
    h('button', { type: 'button', class: 'secondary outline', onclick: (e) => navigator.clipboard.writeText(text).then(() => { e.target.textContent = 'Copied'; }, () => {}) }, 'Copy'));
  return [block('curl', curl), block('OpenAI SDK for JavaScript', js), block('OpenAI SDK for Python', py)];
}
