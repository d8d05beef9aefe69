/* global io */
'use strict';

const form = document.forms[0];
const input = /** @type {HTMLInputElement} */ (document.getElementById('m'));

form.addEventListener('submit', (event) => {
  event.preventDefault(); // keep the page from reloading
  input.value = '';
});

const socket = io();
socket.on('user count', function (data) {
  console.log(data);
});
