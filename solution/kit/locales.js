'use strict';

// ============================================================================
// THE KIT'S SUPPORT, not part of the lesson: you do not need to read or change
// this file. The lesson's files are server.js and public/ (with auth.js and
// routes.js, as in freeCodeCamp's boilerplate); kit/ holds what the kit adds.
// ============================================================================

// Every text the app shows, in each language, with the same keys.
// `{name}` marks a value filled in by `t()`.

/** @typedef {'en' | 'pt-BR' | 'it'} Lang */

const messages = {
  en: {
    homeTitle: 'Welcome to the chat',
    homeIntro: 'Log in, or create an account, to join the chat.',
    loginHeading: 'Log in',
    loginButton: 'Log in',
    loginFailed: 'Wrong username or password.',
    registerHeading: 'Create an account',
    registerButton: 'Create account',
    usernameLabel: 'Username',
    usernameHint: '3 to 30 characters: letters, digits, _ . -',
    usernameInvalid: 'The username must have 3 to 30 characters, using only letters, digits, _ . or -.',
    usernameTaken: 'That username is already taken. Please choose another one.',
    passwordLabel: 'Password',
    passwordHint: '8 to 128 characters',
    passwordInvalid: 'The password must have 8 to 128 characters.',
    profileTitle: 'Profile',
    profileGreeting: 'Hello, {name}!',
    profileText: 'You are logged in.',
    openChat: 'Open the chat',
    chatTitle: 'Chat',
    chatAs: 'Logged in as {name}',
    messageLabel: 'Message',
    sendButton: 'Send',
    toProfile: 'Profile',
    logout: 'Log out',
    logListening: 'The app is running at {url} (logins are kept in data/: a restart keeps you logged in)',
    logPortInUse: 'Port {port} is already in use: stop the other app, or choose another port; {free} is free: PORT={free} npm start',
    logPortInUseNoFree: 'Port {port} is already in use: stop the other app, or choose another port: PORT=<port> npm start',
    logUserConnected: 'A user connected',
    errorTitle: 'Something went wrong',
    errorServer: 'The app could not answer this request. The details are in the terminal where the app runs.',
    errorRequest: 'The app could not handle this request (error {status}).',
    errorHome: 'Back to the home page',
    notFoundTitle: 'Page not found',
    notFoundText: 'There is no page at this address.',
    refusedText: "This form was sent from another site, so the app refused it. Open the app's own page and try again.",
    logSocketRefused: "Refused a Socket.IO connection from {origin}: only the app's own pages and pages on localhost may connect.",
    logRequestFailed: 'Error while answering {method} {url}:',
  },
  'pt-BR': {
    homeTitle: 'Boas-vindas ao chat',
    homeIntro: 'Entre na sua conta, ou crie uma, para participar do chat.',
    loginHeading: 'Entrar',
    loginButton: 'Entrar',
    loginFailed: 'Usuário ou senha incorretos.',
    registerHeading: 'Criar uma conta',
    registerButton: 'Criar conta',
    usernameLabel: 'Nome de usuário',
    usernameHint: 'De 3 a 30 caracteres: letras, números, _ . -',
    usernameInvalid: 'O nome de usuário precisa ter de 3 a 30 caracteres e usar só letras, números, _ . ou -.',
    usernameTaken: 'Esse nome de usuário já está em uso. Escolha outro.',
    passwordLabel: 'Senha',
    passwordHint: 'De 8 a 128 caracteres',
    passwordInvalid: 'A senha precisa ter de 8 a 128 caracteres.',
    profileTitle: 'Perfil',
    profileGreeting: 'Olá, {name}!',
    profileText: 'Você entrou na sua conta.',
    openChat: 'Abrir o chat',
    chatTitle: 'Chat',
    chatAs: 'Você entrou como {name}',
    messageLabel: 'Mensagem',
    sendButton: 'Enviar',
    toProfile: 'Perfil',
    logout: 'Sair',
    logListening: 'O app está rodando em {url} (os logins ficam guardados em data/: reiniciar o app não tira ninguém da conta)',
    logPortInUse: 'A porta {port} já está em uso: feche o outro app ou escolha outra porta; a {free} está livre: PORT={free} npm start',
    logPortInUseNoFree: 'A porta {port} já está em uso: feche o outro app ou escolha outra porta: PORT=<porta> npm start',
    logUserConnected: 'Um usuário se conectou',
    errorTitle: 'Algo deu errado',
    errorServer: 'O app não conseguiu responder a esta requisição. Os detalhes aparecem no terminal onde o app está rodando.',
    errorRequest: 'O app não conseguiu processar esta requisição (erro {status}).',
    errorHome: 'Voltar para a página inicial',
    notFoundTitle: 'Página não encontrada',
    notFoundText: 'Não há nenhuma página neste endereço.',
    refusedText: 'Este formulário foi enviado de outro site, então o app o recusou. Abra a página do próprio app e tente de novo.',
    logSocketRefused: 'Conexão Socket.IO recusada, vinda de {origin}: só as páginas do próprio app e as de localhost podem se conectar.',
    logRequestFailed: 'Erro ao responder {method} {url}:',
  },
  it: {
    homeTitle: 'Ti diamo il benvenuto nella chat',
    homeIntro: 'Accedi, oppure crea un account, per partecipare alla chat.',
    loginHeading: 'Accedi',
    loginButton: 'Accedi',
    loginFailed: 'Nome utente o password errati.',
    registerHeading: 'Crea un account',
    registerButton: 'Crea un account',
    usernameLabel: 'Nome utente',
    usernameHint: 'Da 3 a 30 caratteri: lettere, cifre, _ . -',
    usernameInvalid: 'Il nome utente deve avere da 3 a 30 caratteri e contenere solo lettere, cifre, _ . o -.',
    usernameTaken: 'Questo nome utente è già in uso. Scegline un altro.',
    passwordLabel: 'Password',
    passwordHint: 'Da 8 a 128 caratteri',
    passwordInvalid: 'La password deve avere da 8 a 128 caratteri.',
    profileTitle: 'Profilo',
    profileGreeting: 'Ciao, {name}!',
    profileText: "Hai effettuato l'accesso.",
    openChat: 'Apri la chat',
    chatTitle: 'Chat',
    chatAs: 'Accesso effettuato come {name}',
    messageLabel: 'Messaggio',
    sendButton: 'Invia',
    toProfile: 'Profilo',
    logout: 'Esci',
    logListening: "L'app è in esecuzione su {url} (gli accessi restano salvati in data/: dopo un riavvio non serve accedere di nuovo)",
    logPortInUse: "La porta {port} è già in uso: chiudi l'altra app o scegli un'altra porta; la {free} è libera: PORT={free} npm start",
    logPortInUseNoFree: "La porta {port} è già in uso: chiudi l'altra app o scegli un'altra porta: PORT=<porta> npm start",
    logUserConnected: 'Un utente si è collegato',
    errorTitle: 'Qualcosa è andato storto',
    errorServer: "L'app non è riuscita a rispondere a questa richiesta. I dettagli sono nel terminale in cui è in esecuzione.",
    errorRequest: "L'app non è riuscita a gestire questa richiesta (errore {status}).",
    errorHome: 'Torna alla pagina iniziale',
    notFoundTitle: 'Pagina non trovata',
    notFoundText: "A questo indirizzo non c'è nessuna pagina.",
    refusedText: "Questo modulo è stato inviato da un altro sito, quindi l'app l'ha rifiutato. Apri la pagina dell'app e riprova.",
    logSocketRefused: "Connessione Socket.IO da {origin} rifiutata: possono collegarsi solo le pagine dell'app e quelle su localhost.",
    logRequestFailed: 'Errore nel rispondere a {method} {url}:',
  },
};

/** @typedef {keyof typeof messages.en} Key */

/**
 * Maps a locale name (`pt_BR.UTF-8`, `it_IT`, `en_GB`) to a language of the app, or undefined.
 * @param {string} tag
 * @returns {Lang | undefined}
 */
function match(tag) {
  const primary = tag.trim().toLowerCase().split(/[-_.@]/)[0];
  if (primary === 'pt') return 'pt-BR';
  if (primary === 'it') return 'it';
  if (primary === 'en') return 'en';
  return undefined;
}

/**
 * The language for a page: the first of the browser's languages (`Accept-Language`) the
 * app speaks, by Express's rules (quality values, `q=0` excluded); `en` if none fits.
 * `pt` is offered too, so that `pt` and `pt-PT` readers get the Brazilian pages.
 * @param {import('express').Request} req
 * @returns {Lang}
 */
function fromRequest(req) {
  const best = req.acceptsLanguages('en', 'pt-BR', 'pt', 'it');
  if (best === 'pt' || best === 'pt-BR') return 'pt-BR';
  return best === 'it' ? 'it' : 'en';
}

/**
 * The language for console lines, from the first locale variable that is set.
 * @param {NodeJS.ProcessEnv} env
 * @returns {Lang}
 */
function fromEnv(env) {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return match(locale) || 'en';
}

/**
 * @param {Lang} lang
 * @param {Key} key
 * @param {Record<string, string | number>} [params]
 */
function t(lang, key, params = {}) {
  const text = messages[lang]?.[key] ?? messages.en[key];
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

const consoleLang = fromEnv(process.env);

/**
 * A console line in the language of the terminal.
 * @param {Key} key
 * @param {Record<string, string | number>} [params]
 */
function say(key, params) {
  return t(consoleLang, key, params);
}

module.exports = { messages, fromRequest, fromEnv, t, say };
