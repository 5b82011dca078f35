import type { Catalogue } from './catalogue.js';

export const es: Catalogue = {
  tag: 'es-US',
  siteName: 'Orderly',
  skipToContent: 'Ir al contenido principal',
  quickExit: {
    label: 'Salir de esta página',
    hint: 'Presione Escape o este botón para salir rápidamente.',
  },
  errors: {
    summaryTitle: 'Hay un problema',
    notFoundTitle: 'No se encontró la página',
    notFoundBody:
      'No hay nada en esta dirección. Puede que esté mal escrita o que pertenezca a otra organización.',
    serverTitle: 'Algo salió mal',
    serverBody: (reference) =>
      `No se cambió nada. Inténtelo de nuevo en un momento. Si sigue pasando, dé esta referencia a su administrador: ${reference}.`,
    expiredFormTitle: 'Este formulario ya no es válido',
    expiredFormBody:
      'Por su seguridad, los formularios dejan de funcionar después de un tiempo o cuando vuelve a iniciar sesión. No se cambió nada. Regrese, vuelva a cargar la página e inténtelo otra vez.',
    tooManyTitle: 'Demasiados intentos',
    tooManyBody: (minutes) =>
      `Fallaron demasiados intentos de iniciar sesión. Espere ${minutes} minuto${minutes === 1 ? '' : 's'} y vuelva a intentarlo, o entre con una llave de acceso o con un enlace nuevo de su administrador.`,
    forbiddenTitle: 'Solo los administradores pueden hacer esto',
    forbiddenBody: 'Pídaselo a un administrador de su organización.',
    backHome: 'Ir a la página de inicio',
  },
  deadline: {
    EPO_EXPIRES: (d) => `La orden de protección de emergencia termina el ${d}`,
    HEARING_LATEST: (d) => `La audiencia debe celebrarse a más tardar el ${d}`,
    HEARING_LATEST_GOOD_CAUSE: (d) =>
      `Con causa justificada, la audiencia puede ser a más tardar el ${d}`,
    HEARING: (d) => `Audiencia en la corte el ${d}`,
    TRO_EXPIRES: (d) => `La orden de restricción temporal termina el ${d}`,
    SERVICE_DEADLINE: (d) => `Los papeles deben entregarse a más tardar el ${d}`,
    ORDER_EXPIRES: (d) => `La orden de restricción termina el ${d}`,
    RENEWAL_WINDOW_OPENS: (d) => `Puede pedir la renovación a partir del ${d}`,
    RENEWAL_DEADLINE: (d) => `Presente la solicitud de renovación a más tardar el ${d}`,
  },
  deadlineLabel: {
    EPO_EXPIRES: 'Termina la orden de emergencia',
    HEARING_LATEST: 'Audiencia a más tardar',
    HEARING_LATEST_GOOD_CAUSE: 'Audiencia a más tardar (causa justificada)',
    HEARING: 'Audiencia',
    TRO_EXPIRES: 'Termina la orden temporal',
    SERVICE_DEADLINE: 'Entregar a más tardar',
    ORDER_EXPIRES: 'Termina la orden',
    RENEWAL_WINDOW_OPENS: 'Se puede pedir la renovación',
    RENEWAL_DEADLINE: 'Presentar la renovación a más tardar',
  },
  status: {
    open: 'Pendiente',
    overdue: 'Vencido',
    met: 'Hecho',
    superseded: 'Ya no aplica',
    inForce: 'Vigente',
    ended: 'Terminó',
  },
  families: {
    DV: 'Violencia doméstica',
    CH: 'Acoso civil',
    WV: 'Violencia en el trabajo',
    SV: 'Violencia escolar (universidad)',
    EA: 'Abuso de personas mayores o adultos dependientes',
    GV: 'Violencia con armas de fuego',
  },
  events: {
    EPO_ISSUED: 'Se emitió una orden de protección de emergencia',
    PETITION_FILED: 'Se presentó la solicitud de orden',
    TRO_GRANTED: 'Se concedió la orden de restricción temporal',
    TRO_DENIED: 'Se negó la orden de restricción temporal',
    HEARING_SET: 'Se fijó la audiencia',
    HEARING_CONTINUED: 'Se cambió la fecha de la audiencia',
    SERVICE_TIME_SHORTENED: 'Se acortó el plazo para la entrega',
    SERVED: 'Se entregaron los papeles',
    ORDER_AFTER_HEARING: 'Se dictó la orden después de la audiencia',
    RENEWAL_FILED: 'Se presentó la solicitud de renovación',
    ORDER_RENEWED: 'Se renovó la orden',
    ORDER_TERMINATED: 'Se terminó la orden',
  },
  at: (time) => `a las ${time}`,
};
