// wroustr for JavaScript: the client of the wroustr protocol (docs/PROTOCOL.md), for browsers and Node 20.19+.
export { SUBPROTOCOL } from './connection.js';
export { Connector } from './connector.js';
export { Dispatcher } from './dispatcher.js';
export { Interceptor } from './interceptor.js';
export { Layer } from './layer.js';
export { Message, message } from './message.js';
export { NAMED_ROUTES } from './names.js';
export { Params } from './params.js';
export { DEFAULT_MAX_PARAMS, ParseError, parse } from './parse.js';
export { RequestError } from './requests.js';
export { classify } from './reserved.js';
export { write } from './write.js';

// The types a TypeScript application names (the package's declarations are made from these).
/** @typedef {import('./connector.js').ConnectorOptions} ConnectorOptions */
/** @typedef {import('./reconnect.js').ReconnectOption} ReconnectOption */
/** @typedef {import('./socket.js').WebSocketConstructor} WebSocketConstructor */
/** @typedef {import('./layer.js').LayerResult} LayerResult */
/** @template S @typedef {import('./router.js').Handler<S>} Handler */
/** @template S @typedef {import('./router.js').LayerFunction<S>} LayerFunction */
/** @template S @typedef {import('./interceptor.js').InterceptorFunction<S>} InterceptorFunction */
