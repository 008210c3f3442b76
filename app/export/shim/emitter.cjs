// The few EventEmitter methods exceljs's streaming writer calls, without Node's 'events' (CommonJS, as exceljs requires it).
'use strict';

class Emitter {
  on(event, listener) {
    const all = this._listeners || (this._listeners = new Map());
    const list = all.get(event) || [];
    list.push(listener);
    all.set(event, list);
    return this;
  }

  once(event, listener) {
    const wrapped = (...args) => {
      this.removeListener(event, wrapped);
      listener(...args);
    };
    return this.on(event, wrapped);
  }

  removeListener(event, listener) {
    const list = this._listeners && this._listeners.get(event);
    if (list) this._listeners.set(event, list.filter((l) => l !== listener));
    return this;
  }

  emit(event, ...args) {
    const list = this._listeners && this._listeners.get(event);
    if (!list || list.length === 0) return false;
    for (const listener of [...list]) listener(...args);
    return true;
  }
}

Emitter.prototype.off = Emitter.prototype.removeListener;
Emitter.prototype.addListener = Emitter.prototype.on;

module.exports = { Emitter };
