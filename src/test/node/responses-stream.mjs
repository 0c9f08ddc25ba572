// The official OpenAI Node.js SDK streaming a response from the gateway's Responses API: prints
// one JSON line with the event types seen, the text the deltas made, and the completed response.
// Usage: node responses-stream.mjs BASE_URL API_KEY MODEL
import OpenAI from 'openai';

const [baseURL, apiKey, model] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0 });
const stream = await client.responses.create({
  model,
  input: 'Once',
  stream: true,
  max_output_tokens: 12,
});
const types = [];
let text = '';
let completed = null;
for await (const event of stream) {
  types.push(event.type);
  if (event.type === 'response.output_text.delta') {
    text += event.delta;
  }
  if (event.type === 'response.completed') {
    completed = event.response;
  }
}
const outputText = (completed?.output ?? [])
  .filter((item) => item.type === 'message')
  .flatMap((message) => message.content)
  .filter((part) => part.type === 'output_text')
  .map((part) => part.text)
  .join('');
console.log(JSON.stringify({ types, text, id: completed?.id, outputText, status: completed?.status }));
