--
-- PostgreSQL database dump
--

\restrict 3lzECgKhZr6yCogBjr6tTHaG3jDBBEMfifNNd5xYIt2ganGYYhHFGIbZuqkEA9B

-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: dispatches; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.dispatches (
    id integer NOT NULL,
    story_key character varying(512) NOT NULL,
    agency character varying(200),
    current_revision_id integer,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL
);


--
-- Name: dispatches_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.dispatches_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: dispatches_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.dispatches_id_seq OWNED BY public.dispatches.id;


--
-- Name: jobs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.jobs (
    id integer NOT NULL,
    stage character varying(32) NOT NULL,
    revision_id integer NOT NULL,
    language character varying(16) NOT NULL,
    status character varying(16) NOT NULL,
    error text,
    attempts integer NOT NULL,
    updated_at timestamp with time zone NOT NULL
);


--
-- Name: jobs_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.jobs_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: jobs_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.jobs_id_seq OWNED BY public.jobs.id;


--
-- Name: revisions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.revisions (
    id integer NOT NULL,
    dispatch_id integer NOT NULL,
    number integer NOT NULL,
    content_hash character varying(64) NOT NULL,
    source_format character varying(32) NOT NULL,
    source_name character varying(1024),
    url character varying(2048),
    guid character varying(1024),
    language character varying(16) NOT NULL,
    headline text NOT NULL,
    agency character varying(200),
    byline character varying(500),
    dateline character varying(200),
    update_tag character varying(64),
    topics json NOT NULL,
    published_at timestamp with time zone,
    published_iso character varying(40),
    updated_iso character varying(40),
    paragraphs json NOT NULL,
    ingested_at timestamp with time zone NOT NULL
);


--
-- Name: revisions_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.revisions_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: revisions_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.revisions_id_seq OWNED BY public.revisions.id;


--
-- Name: search_documents; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.search_documents (
    revision_id integer NOT NULL,
    language character varying(16) NOT NULL,
    headline text NOT NULL,
    summary text NOT NULL,
    document tsvector NOT NULL
);


--
-- Name: search_state; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.search_state (
    revision_id integer NOT NULL,
    language character varying(16) NOT NULL,
    stamp timestamp with time zone NOT NULL
);


--
-- Name: sentences; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sentences (
    id integer NOT NULL,
    revision_id integer NOT NULL,
    index integer NOT NULL,
    paragraph integer NOT NULL,
    text text NOT NULL
);


--
-- Name: sentences_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.sentences_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: sentences_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.sentences_id_seq OWNED BY public.sentences.id;


--
-- Name: summaries; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.summaries (
    id integer NOT NULL,
    revision_id integer NOT NULL,
    method character varying(64) NOT NULL,
    sentence_indexes json NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: summaries_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.summaries_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: summaries_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.summaries_id_seq OWNED BY public.summaries.id;


--
-- Name: translation_memory; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.translation_memory (
    id integer NOT NULL,
    engine character varying(64) NOT NULL,
    model_version character varying(128) NOT NULL,
    source_lang character varying(16) NOT NULL,
    target_lang character varying(16) NOT NULL,
    source_hash character varying(64) NOT NULL,
    source_text text NOT NULL,
    target_text text NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: translation_memory_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.translation_memory_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: translation_memory_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.translation_memory_id_seq OWNED BY public.translation_memory.id;


--
-- Name: translations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.translations (
    id integer NOT NULL,
    revision_id integer NOT NULL,
    language character varying(16) NOT NULL,
    full_text boolean NOT NULL,
    status character varying(16) NOT NULL,
    reason text,
    engine character varying(64),
    model_version text,
    headline text,
    source_indexes json NOT NULL,
    sentences json NOT NULL,
    review_state character varying(16) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL
);


--
-- Name: translations_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.translations_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: translations_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.translations_id_seq OWNED BY public.translations.id;


--
-- Name: dispatches id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.dispatches ALTER COLUMN id SET DEFAULT nextval('public.dispatches_id_seq'::regclass);


--
-- Name: jobs id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.jobs ALTER COLUMN id SET DEFAULT nextval('public.jobs_id_seq'::regclass);


--
-- Name: revisions id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.revisions ALTER COLUMN id SET DEFAULT nextval('public.revisions_id_seq'::regclass);


--
-- Name: sentences id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sentences ALTER COLUMN id SET DEFAULT nextval('public.sentences_id_seq'::regclass);


--
-- Name: summaries id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.summaries ALTER COLUMN id SET DEFAULT nextval('public.summaries_id_seq'::regclass);


--
-- Name: translation_memory id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.translation_memory ALTER COLUMN id SET DEFAULT nextval('public.translation_memory_id_seq'::regclass);


--
-- Name: translations id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.translations ALTER COLUMN id SET DEFAULT nextval('public.translations_id_seq'::regclass);


--
-- Data for Name: dispatches; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.dispatches VALUES (1, 'ians:busan port opens automated container terminal to ease congestion', 'IANS', 1, '2026-12-01 20:46:31.577686+00', '2026-12-01 20:46:31.58485+00');
INSERT INTO public.dispatches VALUES (2, 'yonhap:seoul and gyeonggi agree to extend suburban express rail line', 'Yonhap', 3, '2026-12-01 20:46:31.595249+00', '2026-12-01 20:46:31.608203+00');
INSERT INTO public.dispatches VALUES (3, 'reuters:south korea s chip exports rise for fifth month on server demand', 'Reuters', 4, '2026-12-01 20:46:31.615004+00', '2026-12-01 20:46:31.616705+00');
INSERT INTO public.dispatches VALUES (4, 'yonhap:전주 한지 축제 개막 외국인 관광객 작년보다 두 배', 'Yonhap', 5, '2026-12-01 20:46:31.620719+00', '2026-12-01 20:46:31.622243+00');


--
-- Data for Name: jobs; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.jobs VALUES (1, 'split', 1, '', 'done', NULL, 2, '2026-12-01 20:46:31.734466+00');
INSERT INTO public.jobs VALUES (2, 'split', 3, '', 'done', NULL, 2, '2026-12-01 20:46:31.74438+00');
INSERT INTO public.jobs VALUES (3, 'split', 4, '', 'done', NULL, 2, '2026-12-01 20:46:31.753326+00');
INSERT INTO public.jobs VALUES (4, 'split', 5, '', 'done', NULL, 2, '2026-12-01 20:46:31.767424+00');
INSERT INTO public.jobs VALUES (5, 'summarize', 1, '', 'done', NULL, 2, '2026-12-01 20:46:31.900662+00');
INSERT INTO public.jobs VALUES (6, 'summarize', 3, '', 'done', NULL, 2, '2026-12-01 20:46:31.918318+00');
INSERT INTO public.jobs VALUES (7, 'summarize', 4, '', 'done', NULL, 2, '2026-12-01 20:46:31.930025+00');
INSERT INTO public.jobs VALUES (8, 'summarize', 5, '', 'done', NULL, 2, '2026-12-01 20:46:31.943246+00');
INSERT INTO public.jobs VALUES (9, 'translate', 1, 'ko', 'done', NULL, 1, '2026-12-01 20:46:32.017866+00');
INSERT INTO public.jobs VALUES (10, 'translate', 3, 'ko', 'done', NULL, 1, '2026-12-01 20:46:32.020601+00');
INSERT INTO public.jobs VALUES (11, 'translate', 4, 'ko', 'done', NULL, 1, '2026-12-01 20:46:32.02324+00');
INSERT INTO public.jobs VALUES (12, 'translate', 1, 'es', 'done', NULL, 1, '2026-12-01 20:46:32.0766+00');
INSERT INTO public.jobs VALUES (13, 'translate', 3, 'es', 'done', NULL, 1, '2026-12-01 20:46:32.079573+00');
INSERT INTO public.jobs VALUES (14, 'translate', 4, 'es', 'done', NULL, 1, '2026-12-01 20:46:32.082257+00');
INSERT INTO public.jobs VALUES (15, 'translate', 5, 'es', 'done', NULL, 8, '2026-12-01 20:46:32.19746+00');


--
-- Data for Name: revisions; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.revisions VALUES (1, 1, 1, '1fccb39c06e36afcfa57c99c8f0e3ef349c8468bd308f73639ee864fa4ae4e3d', 'wire', '/work/main/publisher/samples/ians_harbour_scraped.txt', NULL, NULL, 'en', 'Busan port opens automated container terminal to ease congestion', 'IANS', 'IANS', 'Busan, Nov 14', NULL, '[]', '2025-11-14 04:10:11+00', '2025-11-14T09:40:11+05:30', '2025-11-14T09:52:47+05:30', '["South Korea''s largest port opened a fully automated container terminal on Friday, aiming to cut the waiting time of cargo ships that has grown over the past two years.", "The new terminal can handle about two million standard containers a year, according to the port authority.", "Cranes and yard vehicles at the site are run from a control room, with human operators stepping in only when sensors report a fault.", "Shipping lines had complained that vessels were anchoring offshore for up to three days during the summer peak.", "Port officials said the terminal would cut that wait to less than a day once it reaches full capacity next spring.", "The project cost about 1.4 trillion won and took five years to build, including a new breakwater.", "Labour unions said they had agreed to the plan after the operator promised to retrain crane drivers as remote operators.", "The port authority plans to automate two older terminals by the end of the decade."]', '2026-12-01 20:46:31.581084+00');
INSERT INTO public.revisions VALUES (2, 2, 1, 'e69ed78b033d7ca40ddcc477e62e6d038ead79088e1a0041211a686c0e18d328', 'wire', '/work/main/publisher/samples/yonhap_rail_1_lead.txt', NULL, NULL, 'en', 'Seoul and Gyeonggi agree to extend suburban express rail line', 'Yonhap', NULL, 'SEOUL, Nov. 13', 'LEAD', '[]', NULL, NULL, NULL, '["Seoul city and Gyeonggi Province agreed on Thursday to extend a suburban express rail line by 14 kilometres, a project meant to shorten commutes for about 300,000 residents.", "The extension will add four stations south of the current terminus and is scheduled to open in 2031.", "The two local governments will split the construction cost with the central government, officials said.", "Commuters in the southern suburbs now spend more than an hour on buses to reach the capital''s business districts.", "The transport ministry is expected to approve the plan after a feasibility review early next year."]', '2026-12-01 20:46:31.596332+00');
INSERT INTO public.revisions VALUES (3, 2, 2, '469c12299a78056cedf2538cb2151b6b437b29114d2b769d9b92bc0c9891f7ea', 'wire', '/work/main/publisher/samples/yonhap_rail_2_2nd_ld.txt', NULL, NULL, 'en', 'Seoul, Gyeonggi agree to extend suburban express rail line', 'Yonhap', NULL, 'SEOUL, Nov. 13', '2nd LD', '[]', NULL, NULL, NULL, '["Seoul city and Gyeonggi Province agreed on Thursday to extend a suburban express rail line by 14 kilometres, a project meant to shorten commutes for about 300,000 residents.", "The extension will add four stations south of the current terminus and is scheduled to open in 2031.", "The two local governments will split the construction cost of about 2.1 trillion won with the central government, officials said.", "Commuters in the southern suburbs now spend more than an hour on buses to reach the capital''s business districts.", "The transport ministry is expected to approve the plan after a feasibility review early next year.", "A ministry official said the review would also study whether freight trains could use the line at night.", "Residents'' groups welcomed the agreement but asked for more stops near new housing estates."]', '2026-12-01 20:46:31.607088+00');
INSERT INTO public.revisions VALUES (4, 3, 1, '6fab2a7ae408e1f26573344ae08ce3b04cf810d0fd9ae79b4e0b96a9d791d92d', 'wire', '/work/main/publisher/samples/reuters_chip_exports.txt', NULL, NULL, 'en', 'South Korea''s chip exports rise for fifth month on server demand', 'Reuters', 'Min-ji Park and Daniel Ortiz', 'SEOUL, Nov 12', 'UPDATE 1', '[]', NULL, NULL, NULL, '["South Korea''s semiconductor exports rose for a fifth straight month in October, trade ministry data showed on Wednesday, as demand for memory used in data-centre servers stayed strong.", "Chip shipments climbed 18.4% from a year earlier to $13.2 billion, the ministry said.", "Total exports rose 4.1%, slightly above the median forecast of economists polled before the release.", "Shipments to China, the country''s largest market, rose 6.0%, while exports to the United States fell 2.3%.", "Analysts said prices for high-bandwidth memory chips were likely to stay firm into next year.", "The won was little changed against the dollar after the data, and the benchmark KOSPI index rose 0.4% in morning trade."]', '2026-12-01 20:46:31.615856+00');
INSERT INTO public.revisions VALUES (5, 4, 1, '512f10670cb151fe3b08732eca4f0fb014ef8eab2a9ce7d9e0885c24e499a364', 'wire', '/work/main/publisher/samples/yonhap_korean_festival.txt', NULL, NULL, 'ko', '전주 한지 축제 개막…외국인 관광객 작년보다 두 배', 'Yonhap', '김하늘 기자', '전주', NULL, '[]', NULL, NULL, NULL, '["\uc804\ud1b5 \ud55c\uc9c0\ub97c \uc8fc\uc81c\ub85c \ud55c \ucd95\uc81c\uac00 13\uc77c \uc804\uc8fc \ud55c\uc625\ub9c8\uc744\uc5d0\uc11c \uac1c\ub9c9\ud588\ub2e4.", "\uc8fc\ucd5c \uce21\uc740 \uc62c\ud574 \uc678\uad6d\uc778 \uad00\uad11\uac1d\uc774 \uc791\ub144\ubcf4\ub2e4 \ub450 \ubc30\uac00\ub7c9 \ub298 \uac83\uc73c\ub85c \uc608\uc0c1\ud588\ub2e4.", "\ubc29\ubb38\uac1d\ub4e4\uc740 \uc7a5\uc778\ub4e4\uacfc \ud568\uaed8 \ud55c\uc9c0\ub97c \uc9c1\uc811 \ub728\uace0 \ub4f1\uc744 \ub9cc\ub4dc\ub294 \uccb4\ud5d8\uc744 \ud560 \uc218 \uc788\ub2e4.", "\ucd95\uc81c\ub294 \ub2f7\uc0c8 \ub3d9\uc548 \uc774\uc5b4\uc9c0\uba70 \ub9c8\uc9c0\ub9c9 \ub0a0\uc5d0\ub294 \ud55c\uc9c0 \ud328\uc158\uc1fc\uac00 \uc5f4\ub9b0\ub2e4.", "\uc2dc\ub294 \ucd95\uc81c \uae30\uac04 \ud55c\uc625\ub9c8\uc744 \uc8fc\ubcc0 \ub3c4\ub85c\uc758 \ucc28\ub7c9 \ud1b5\ud589\uc744 \uc81c\ud55c\ud55c\ub2e4\uace0 \ubc1d\ud614\ub2e4."]', '2026-12-01 20:46:31.621482+00');


--
-- Data for Name: search_documents; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.search_documents VALUES (5, 'ko', '전주 한지 축제 개막…외국인 관광객 작년보다 두 배', '전통 한지를 주제로 한 축제가 13일 전주 한옥마을에서 개막했다. 주최 측은 올해 외국인 관광객이 작년보다 두 배가량 늘 것으로 예상했다. 축제는 닷새 동안 이어지며 마지막 날에는 한지 패션쇼가 열린다.', '''13일'':15 ''개막'':4 ''개막했다'':18 ''것으로'':28 ''관광객'':6 ''관광객이'':23 ''날에는'':35 ''늘'':27 ''닷새'':31 ''동안'':32 ''두'':8,25 ''마지막'':34 ''배'':9 ''배가량'':26 ''열린다'':38 ''예상했다'':29 ''올해'':21 ''외국인'':5,22 ''이어지며'':33 ''작년보다'':7,24 ''전주'':1,16 ''전통'':10 ''주제로'':12 ''주최'':19 ''축제'':3 ''축제가'':14 ''축제는'':30 ''측은'':20 ''패션쇼가'':37 ''한'':13 ''한옥마을에서'':17 ''한지'':2,36 ''한지를'':11');
INSERT INTO public.search_documents VALUES (1, 'en', 'Busan port opens automated container terminal to ease congestion', 'South Korea''s largest port opened a fully automated container terminal on Friday, aiming to cut the waiting time of cargo ships that has grown over the past two years. The new terminal can handle about two million standard containers a year, according to the port authority. The port authority plans to automate two older terminals by the end of the decade.', '''a'':16,50 ''about'':45 ''according'':52 ''aiming'':23 ''authority'':56,59 ''automate'':62 ''automated'':4,18 ''busan'':1 ''by'':66 ''can'':43 ''cargo'':30 ''congestion'':9 ''container'':5,19 ''containers'':49 ''cut'':25 ''decade'':71 ''ease'':8 ''end'':68 ''friday'':22 ''fully'':17 ''grown'':34 ''handle'':44 ''has'':33 ''korea'':11 ''largest'':13 ''million'':47 ''new'':41 ''of'':29,69 ''older'':64 ''on'':21 ''opened'':15 ''opens'':3 ''over'':35 ''past'':37 ''plans'':60 ''port'':2,14,55,58 ''s'':12 ''ships'':31 ''south'':10 ''standard'':48 ''terminal'':6,20,42 ''terminals'':65 ''that'':32 ''the'':26,36,40,54,57,67,70 ''time'':28 ''to'':7,24,53,61 ''two'':38,46,63 ''waiting'':27 ''year'':51 ''years'':39');
INSERT INTO public.search_documents VALUES (1, 'ko', '[ko] Busan port opens automated container terminal to ease congestion', '[ko] South Korea''s largest port opened a fully automated container terminal on Friday, aiming to cut the waiting time of cargo ships that has grown over the past two years. [ko] The new terminal can handle about two million standard containers a year, according to the port authority. [ko] The port authority plans to automate two older terminals by the end of the decade.', '''a'':18,53 ''about'':48 ''according'':55 ''aiming'':25 ''authority'':59,63 ''automate'':66 ''automated'':5,20 ''busan'':2 ''by'':70 ''can'':46 ''cargo'':32 ''congestion'':10 ''container'':6,21 ''containers'':52 ''cut'':27 ''decade'':75 ''ease'':9 ''end'':72 ''friday'':24 ''fully'':19 ''grown'':36 ''handle'':47 ''has'':35 ''ko'':1,11,42,60 ''korea'':13 ''largest'':15 ''million'':50 ''new'':44 ''of'':31,73 ''older'':68 ''on'':23 ''opened'':17 ''opens'':4 ''over'':37 ''past'':39 ''plans'':64 ''port'':3,16,58,62 ''s'':14 ''ships'':33 ''south'':12 ''standard'':51 ''terminal'':7,22,45 ''terminals'':69 ''that'':34 ''the'':28,38,43,57,61,71,74 ''time'':30 ''to'':8,26,56,65 ''two'':40,49,67 ''waiting'':29 ''year'':54 ''years'':41');
INSERT INTO public.search_documents VALUES (1, 'es', '[es] Busan port opens automated container terminal to ease congestion', '[es] South Korea''s largest port opened a fully automated container terminal on Friday, aiming to cut the waiting time of cargo ships that has grown over the past two years. [es] The new terminal can handle about two million standard containers a year, according to the port authority. [es] The port authority plans to automate two older terminals by the end of the decade.', '''a'':18,53 ''about'':48 ''according'':55 ''aiming'':25 ''authority'':59,63 ''automate'':66 ''automated'':5,20 ''busan'':2 ''by'':70 ''can'':46 ''cargo'':32 ''congestion'':10 ''container'':6,21 ''containers'':52 ''cut'':27 ''decade'':75 ''ease'':9 ''end'':72 ''es'':1,11,42,60 ''friday'':24 ''fully'':19 ''grown'':36 ''handle'':47 ''has'':35 ''korea'':13 ''largest'':15 ''million'':50 ''new'':44 ''of'':31,73 ''older'':68 ''on'':23 ''opened'':17 ''opens'':4 ''over'':37 ''past'':39 ''plans'':64 ''port'':3,16,58,62 ''s'':14 ''ships'':33 ''south'':12 ''standard'':51 ''terminal'':7,22,45 ''terminals'':69 ''that'':34 ''the'':28,38,43,57,61,71,74 ''time'':30 ''to'':8,26,56,65 ''two'':40,49,67 ''waiting'':29 ''year'':54 ''years'':41');
INSERT INTO public.search_documents VALUES (3, 'en', 'Seoul, Gyeonggi agree to extend suburban express rail line', 'Seoul city and Gyeonggi Province agreed on Thursday to extend a suburban express rail line by 14 kilometres, a project meant to shorten commutes for about 300,000 residents. The transport ministry is expected to approve the plan after a feasibility review early next year. A ministry official said the review would also study whether freight trains could use the line at night.', '''000'':37 ''14'':26 ''300'':36 ''a'':20,28,49,55 ''about'':35 ''after'':48 ''agree'':3 ''agreed'':15 ''also'':62 ''and'':12 ''approve'':45 ''at'':71 ''by'':25 ''city'':11 ''commutes'':33 ''could'':67 ''early'':52 ''expected'':43 ''express'':7,22 ''extend'':5,19 ''feasibility'':50 ''for'':34 ''freight'':65 ''gyeonggi'':2,13 ''is'':42 ''kilometres'':27 ''line'':9,24,70 ''meant'':30 ''ministry'':41,56 ''next'':53 ''night'':72 ''official'':57 ''on'':16 ''plan'':47 ''project'':29 ''province'':14 ''rail'':8,23 ''residents'':38 ''review'':51,60 ''said'':58 ''seoul'':1,10 ''shorten'':32 ''study'':63 ''suburban'':6,21 ''the'':39,46,59,69 ''thursday'':17 ''to'':4,18,31,44 ''trains'':66 ''transport'':40 ''use'':68 ''whether'':64 ''would'':61 ''year'':54');
INSERT INTO public.search_documents VALUES (3, 'ko', '[ko] Seoul, Gyeonggi agree to extend suburban express rail line', '[ko] Seoul city and Gyeonggi Province agreed on Thursday to extend a suburban express rail line by 14 kilometres, a project meant to shorten commutes for about 300,000 residents. [ko] The transport ministry is expected to approve the plan after a feasibility review early next year. [ko] A ministry official said the review would also study whether freight trains could use the line at night.', '''000'':39 ''14'':28 ''300'':38 ''a'':22,30,52,59 ''about'':37 ''after'':51 ''agree'':4 ''agreed'':17 ''also'':66 ''and'':14 ''approve'':48 ''at'':75 ''by'':27 ''city'':13 ''commutes'':35 ''could'':71 ''early'':55 ''expected'':46 ''express'':8,24 ''extend'':6,21 ''feasibility'':53 ''for'':36 ''freight'':69 ''gyeonggi'':3,15 ''is'':45 ''kilometres'':29 ''ko'':1,11,41,58 ''line'':10,26,74 ''meant'':32 ''ministry'':44,60 ''next'':56 ''night'':76 ''official'':61 ''on'':18 ''plan'':50 ''project'':31 ''province'':16 ''rail'':9,25 ''residents'':40 ''review'':54,64 ''said'':62 ''seoul'':2,12 ''shorten'':34 ''study'':67 ''suburban'':7,23 ''the'':42,49,63,73 ''thursday'':19 ''to'':5,20,33,47 ''trains'':70 ''transport'':43 ''use'':72 ''whether'':68 ''would'':65 ''year'':57');
INSERT INTO public.search_documents VALUES (3, 'es', '[es] Seoul, Gyeonggi agree to extend suburban express rail line', '[es] Seoul city and Gyeonggi Province agreed on Thursday to extend a suburban express rail line by 14 kilometres, a project meant to shorten commutes for about 300,000 residents. [es] The transport ministry is expected to approve the plan after a feasibility review early next year. [es] A ministry official said the review would also study whether freight trains could use the line at night.', '''000'':39 ''14'':28 ''300'':38 ''a'':22,30,52,59 ''about'':37 ''after'':51 ''agree'':4 ''agreed'':17 ''also'':66 ''and'':14 ''approve'':48 ''at'':75 ''by'':27 ''city'':13 ''commutes'':35 ''could'':71 ''early'':55 ''es'':1,11,41,58 ''expected'':46 ''express'':8,24 ''extend'':6,21 ''feasibility'':53 ''for'':36 ''freight'':69 ''gyeonggi'':3,15 ''is'':45 ''kilometres'':29 ''line'':10,26,74 ''meant'':32 ''ministry'':44,60 ''next'':56 ''night'':76 ''official'':61 ''on'':18 ''plan'':50 ''project'':31 ''province'':16 ''rail'':9,25 ''residents'':40 ''review'':54,64 ''said'':62 ''seoul'':2,12 ''shorten'':34 ''study'':67 ''suburban'':7,23 ''the'':42,49,63,73 ''thursday'':19 ''to'':5,20,33,47 ''trains'':70 ''transport'':43 ''use'':72 ''whether'':68 ''would'':65 ''year'':57');
INSERT INTO public.search_documents VALUES (4, 'en', 'South Korea''s chip exports rise for fifth month on server demand', 'South Korea''s semiconductor exports rose for a fifth straight month in October, trade ministry data showed on Wednesday, as demand for memory used in data-centre servers stayed strong. Chip shipments climbed 18.4% from a year earlier to $13.2 billion, the ministry said. Analysts said prices for high-bandwidth memory chips were likely to stay firm into next year.', '''13.2'':53 ''18.4'':47 ''a'':20,49 ''analysts'':58 ''as'':32 ''bandwidth'':64 ''billion'':54 ''centre'':40 ''chip'':4,44 ''chips'':66 ''climbed'':46 ''data'':28,39 ''data-centre'':38 ''demand'':12,33 ''earlier'':51 ''exports'':5,17 ''fifth'':8,21 ''firm'':71 ''for'':7,19,34,61 ''from'':48 ''high'':63 ''high-bandwidth'':62 ''in'':24,37 ''into'':72 ''korea'':2,14 ''likely'':68 ''memory'':35,65 ''ministry'':27,56 ''month'':9,23 ''next'':73 ''october'':25 ''on'':10,30 ''prices'':60 ''rise'':6 ''rose'':18 ''s'':3,15 ''said'':57,59 ''semiconductor'':16 ''server'':11 ''servers'':41 ''shipments'':45 ''showed'':29 ''south'':1,13 ''stay'':70 ''stayed'':42 ''straight'':22 ''strong'':43 ''the'':55 ''to'':52,69 ''trade'':26 ''used'':36 ''wednesday'':31 ''were'':67 ''year'':50,74');
INSERT INTO public.search_documents VALUES (4, 'ko', '[ko] South Korea''s chip exports rise for fifth month on server demand', '[ko] South Korea''s semiconductor exports rose for a fifth straight month in October, trade ministry data showed on Wednesday, as demand for memory used in data-centre servers stayed strong. [ko] Chip shipments climbed 18.4% from a year earlier to $13.2 billion, the ministry said. [ko] Analysts said prices for high-bandwidth memory chips were likely to stay firm into next year.', '''13.2'':56 ''18.4'':50 ''a'':22,52 ''analysts'':62 ''as'':34 ''bandwidth'':68 ''billion'':57 ''centre'':42 ''chip'':5,47 ''chips'':70 ''climbed'':49 ''data'':30,41 ''data-centre'':40 ''demand'':13,35 ''earlier'':54 ''exports'':6,19 ''fifth'':9,23 ''firm'':75 ''for'':8,21,36,65 ''from'':51 ''high'':67 ''high-bandwidth'':66 ''in'':26,39 ''into'':76 ''ko'':1,14,46,61 ''korea'':3,16 ''likely'':72 ''memory'':37,69 ''ministry'':29,59 ''month'':10,25 ''next'':77 ''october'':27 ''on'':11,32 ''prices'':64 ''rise'':7 ''rose'':20 ''s'':4,17 ''said'':60,63 ''semiconductor'':18 ''server'':12 ''servers'':43 ''shipments'':48 ''showed'':31 ''south'':2,15 ''stay'':74 ''stayed'':44 ''straight'':24 ''strong'':45 ''the'':58 ''to'':55,73 ''trade'':28 ''used'':38 ''wednesday'':33 ''were'':71 ''year'':53,78');
INSERT INTO public.search_documents VALUES (4, 'es', '[es] South Korea''s chip exports rise for fifth month on server demand', '[es] South Korea''s semiconductor exports rose for a fifth straight month in October, trade ministry data showed on Wednesday, as demand for memory used in data-centre servers stayed strong. [es] Chip shipments climbed 18.4% from a year earlier to $13.2 billion, the ministry said. [es] Analysts said prices for high-bandwidth memory chips were likely to stay firm into next year.', '''13.2'':56 ''18.4'':50 ''a'':22,52 ''analysts'':62 ''as'':34 ''bandwidth'':68 ''billion'':57 ''centre'':42 ''chip'':5,47 ''chips'':70 ''climbed'':49 ''data'':30,41 ''data-centre'':40 ''demand'':13,35 ''earlier'':54 ''es'':1,14,46,61 ''exports'':6,19 ''fifth'':9,23 ''firm'':75 ''for'':8,21,36,65 ''from'':51 ''high'':67 ''high-bandwidth'':66 ''in'':26,39 ''into'':76 ''korea'':3,16 ''likely'':72 ''memory'':37,69 ''ministry'':29,59 ''month'':10,25 ''next'':77 ''october'':27 ''on'':11,32 ''prices'':64 ''rise'':7 ''rose'':20 ''s'':4,17 ''said'':60,63 ''semiconductor'':18 ''server'':12 ''servers'':43 ''shipments'':48 ''showed'':31 ''south'':2,15 ''stay'':74 ''stayed'':44 ''straight'':24 ''strong'':45 ''the'':58 ''to'':55,73 ''trade'':28 ''used'':38 ''wednesday'':33 ''were'':71 ''year'':53,78');


--
-- Data for Name: search_state; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.search_state VALUES (5, 'ko', '2026-12-01 20:46:31.884031+00');
INSERT INTO public.search_state VALUES (1, 'en', '2026-12-01 20:46:31.821018+00');
INSERT INTO public.search_state VALUES (1, 'ko', '2026-12-01 20:46:31.973467+00');
INSERT INTO public.search_state VALUES (1, 'es', '2026-12-01 20:46:32.043928+00');
INSERT INTO public.search_state VALUES (3, 'en', '2026-12-01 20:46:31.842264+00');
INSERT INTO public.search_state VALUES (3, 'ko', '2026-12-01 20:46:31.981077+00');
INSERT INTO public.search_state VALUES (3, 'es', '2026-12-01 20:46:32.047876+00');
INSERT INTO public.search_state VALUES (4, 'en', '2026-12-01 20:46:31.862015+00');
INSERT INTO public.search_state VALUES (4, 'ko', '2026-12-01 20:46:31.985095+00');
INSERT INTO public.search_state VALUES (4, 'es', '2026-12-01 20:46:32.051643+00');


--
-- Data for Name: sentences; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.sentences VALUES (1, 1, 0, 0, 'South Korea''s largest port opened a fully automated container terminal on Friday, aiming to cut the waiting time of cargo ships that has grown over the past two years.');
INSERT INTO public.sentences VALUES (2, 1, 1, 1, 'The new terminal can handle about two million standard containers a year, according to the port authority.');
INSERT INTO public.sentences VALUES (3, 1, 2, 2, 'Cranes and yard vehicles at the site are run from a control room, with human operators stepping in only when sensors report a fault.');
INSERT INTO public.sentences VALUES (4, 1, 3, 3, 'Shipping lines had complained that vessels were anchoring offshore for up to three days during the summer peak.');
INSERT INTO public.sentences VALUES (5, 1, 4, 4, 'Port officials said the terminal would cut that wait to less than a day once it reaches full capacity next spring.');
INSERT INTO public.sentences VALUES (6, 1, 5, 5, 'The project cost about 1.4 trillion won and took five years to build, including a new breakwater.');
INSERT INTO public.sentences VALUES (7, 1, 6, 6, 'Labour unions said they had agreed to the plan after the operator promised to retrain crane drivers as remote operators.');
INSERT INTO public.sentences VALUES (8, 1, 7, 7, 'The port authority plans to automate two older terminals by the end of the decade.');
INSERT INTO public.sentences VALUES (9, 3, 0, 0, 'Seoul city and Gyeonggi Province agreed on Thursday to extend a suburban express rail line by 14 kilometres, a project meant to shorten commutes for about 300,000 residents.');
INSERT INTO public.sentences VALUES (10, 3, 1, 1, 'The extension will add four stations south of the current terminus and is scheduled to open in 2031.');
INSERT INTO public.sentences VALUES (11, 3, 2, 2, 'The two local governments will split the construction cost of about 2.1 trillion won with the central government, officials said.');
INSERT INTO public.sentences VALUES (12, 3, 3, 3, 'Commuters in the southern suburbs now spend more than an hour on buses to reach the capital''s business districts.');
INSERT INTO public.sentences VALUES (13, 3, 4, 4, 'The transport ministry is expected to approve the plan after a feasibility review early next year.');
INSERT INTO public.sentences VALUES (14, 3, 5, 5, 'A ministry official said the review would also study whether freight trains could use the line at night.');
INSERT INTO public.sentences VALUES (15, 3, 6, 6, 'Residents'' groups welcomed the agreement but asked for more stops near new housing estates.');
INSERT INTO public.sentences VALUES (16, 4, 0, 0, 'South Korea''s semiconductor exports rose for a fifth straight month in October, trade ministry data showed on Wednesday, as demand for memory used in data-centre servers stayed strong.');
INSERT INTO public.sentences VALUES (17, 4, 1, 1, 'Chip shipments climbed 18.4% from a year earlier to $13.2 billion, the ministry said.');
INSERT INTO public.sentences VALUES (18, 4, 2, 2, 'Total exports rose 4.1%, slightly above the median forecast of economists polled before the release.');
INSERT INTO public.sentences VALUES (19, 4, 3, 3, 'Shipments to China, the country''s largest market, rose 6.0%, while exports to the United States fell 2.3%.');
INSERT INTO public.sentences VALUES (20, 4, 4, 4, 'Analysts said prices for high-bandwidth memory chips were likely to stay firm into next year.');
INSERT INTO public.sentences VALUES (21, 4, 5, 5, 'The won was little changed against the dollar after the data, and the benchmark KOSPI index rose 0.4% in morning trade.');
INSERT INTO public.sentences VALUES (22, 5, 0, 0, '전통 한지를 주제로 한 축제가 13일 전주 한옥마을에서 개막했다.');
INSERT INTO public.sentences VALUES (23, 5, 1, 1, '주최 측은 올해 외국인 관광객이 작년보다 두 배가량 늘 것으로 예상했다.');
INSERT INTO public.sentences VALUES (24, 5, 2, 2, '방문객들은 장인들과 함께 한지를 직접 뜨고 등을 만드는 체험을 할 수 있다.');
INSERT INTO public.sentences VALUES (25, 5, 3, 3, '축제는 닷새 동안 이어지며 마지막 날에는 한지 패션쇼가 열린다.');
INSERT INTO public.sentences VALUES (26, 5, 4, 4, '시는 축제 기간 한옥마을 주변 도로의 차량 통행을 제한한다고 밝혔다.');


--
-- Data for Name: summaries; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.summaries VALUES (1, 1, 'default', '[0, 1, 7]', '2026-12-01 20:46:31.821018+00');
INSERT INTO public.summaries VALUES (2, 3, 'default', '[0, 4, 5]', '2026-12-01 20:46:31.842264+00');
INSERT INTO public.summaries VALUES (3, 4, 'default', '[0, 1, 4]', '2026-12-01 20:46:31.862015+00');
INSERT INTO public.summaries VALUES (4, 5, 'default', '[0, 1, 3]', '2026-12-01 20:46:31.884031+00');


--
-- Data for Name: translation_memory; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.translation_memory VALUES (1, 'double', 'double-en-ko-1', 'en', 'ko', '120d9c8278016761ed8192070ba33b30f7f8a1bad31875b42e77e6f1fecdea30', 'Busan port opens automated container terminal to ease congestion', '[ko] Busan port opens automated container terminal to ease congestion', '2026-12-01 20:46:31.967189+00');
INSERT INTO public.translation_memory VALUES (2, 'double', 'double-en-ko-1', 'en', 'ko', '12b70eb4d2fb86626cbdf8a8c4060351916c77d81b28647b5fa5dc477c9258e5', 'South Korea''s largest port opened a fully automated container terminal on Friday, aiming to cut the waiting time of cargo ships that has grown over the past two years.', '[ko] South Korea''s largest port opened a fully automated container terminal on Friday, aiming to cut the waiting time of cargo ships that has grown over the past two years.', '2026-12-01 20:46:31.967197+00');
INSERT INTO public.translation_memory VALUES (3, 'double', 'double-en-ko-1', 'en', 'ko', '02b72d34705b5ac6ce45f95ccae935136fac8df472686f03acab5c215ce72bdf', 'The new terminal can handle about two million standard containers a year, according to the port authority.', '[ko] The new terminal can handle about two million standard containers a year, according to the port authority.', '2026-12-01 20:46:31.967198+00');
INSERT INTO public.translation_memory VALUES (4, 'double', 'double-en-ko-1', 'en', 'ko', '49039b1bb442cbdff89d8e2943311f370431a8a425180d51c4dfd401e8121314', 'The port authority plans to automate two older terminals by the end of the decade.', '[ko] The port authority plans to automate two older terminals by the end of the decade.', '2026-12-01 20:46:31.967199+00');
INSERT INTO public.translation_memory VALUES (5, 'double', 'double-en-ko-1', 'en', 'ko', 'bcde836a28aac11dfb98392fbcf7a5c77194dfc4d373d22f54548cbdb1b4dfe0', 'Seoul, Gyeonggi agree to extend suburban express rail line', '[ko] Seoul, Gyeonggi agree to extend suburban express rail line', '2026-12-01 20:46:31.9672+00');
INSERT INTO public.translation_memory VALUES (6, 'double', 'double-en-ko-1', 'en', 'ko', 'bc9e0d0beb765d32bfa9495e9f801b709a84a4c0a559429259397c7516a6a630', 'Seoul city and Gyeonggi Province agreed on Thursday to extend a suburban express rail line by 14 kilometres, a project meant to shorten commutes for about 300,000 residents.', '[ko] Seoul city and Gyeonggi Province agreed on Thursday to extend a suburban express rail line by 14 kilometres, a project meant to shorten commutes for about 300,000 residents.', '2026-12-01 20:46:31.967201+00');
INSERT INTO public.translation_memory VALUES (7, 'double', 'double-en-ko-1', 'en', 'ko', '9947c93bfda0ba85e5b6d2e44e5fa58dfb8ff1e797ced60956f06e681cb64aab', 'The transport ministry is expected to approve the plan after a feasibility review early next year.', '[ko] The transport ministry is expected to approve the plan after a feasibility review early next year.', '2026-12-01 20:46:31.967202+00');
INSERT INTO public.translation_memory VALUES (8, 'double', 'double-en-ko-1', 'en', 'ko', 'b5ebed332d6768b9dc250ab5963c2288d443abef4ee67d2e4ef0a1d720245217', 'A ministry official said the review would also study whether freight trains could use the line at night.', '[ko] A ministry official said the review would also study whether freight trains could use the line at night.', '2026-12-01 20:46:31.967203+00');
INSERT INTO public.translation_memory VALUES (9, 'double', 'double-en-ko-1', 'en', 'ko', 'e8438c6dfd603d638a6004fd30cfd1f62497b9262077354a475e0f78af06dee1', 'South Korea''s chip exports rise for fifth month on server demand', '[ko] South Korea''s chip exports rise for fifth month on server demand', '2026-12-01 20:46:31.967203+00');
INSERT INTO public.translation_memory VALUES (10, 'double', 'double-en-ko-1', 'en', 'ko', 'dd2a670263e9aa06a599e98e5f18d16d246c2557efda8240937ace23176d9f57', 'South Korea''s semiconductor exports rose for a fifth straight month in October, trade ministry data showed on Wednesday, as demand for memory used in data-centre servers stayed strong.', '[ko] South Korea''s semiconductor exports rose for a fifth straight month in October, trade ministry data showed on Wednesday, as demand for memory used in data-centre servers stayed strong.', '2026-12-01 20:46:31.967204+00');
INSERT INTO public.translation_memory VALUES (11, 'double', 'double-en-ko-1', 'en', 'ko', '1be88b0c25cafb7b578dd3bd98b5f271ea26cb286fc9867d00e71e03334790f3', 'Chip shipments climbed 18.4% from a year earlier to $13.2 billion, the ministry said.', '[ko] Chip shipments climbed 18.4% from a year earlier to $13.2 billion, the ministry said.', '2026-12-01 20:46:31.967205+00');
INSERT INTO public.translation_memory VALUES (12, 'double', 'double-en-ko-1', 'en', 'ko', 'e367916efe51105e91de7add296345124288374085649699ec86d9ba52405e15', 'Analysts said prices for high-bandwidth memory chips were likely to stay firm into next year.', '[ko] Analysts said prices for high-bandwidth memory chips were likely to stay firm into next year.', '2026-12-01 20:46:31.967206+00');
INSERT INTO public.translation_memory VALUES (13, 'double', 'double-en-es-1', 'en', 'es', '120d9c8278016761ed8192070ba33b30f7f8a1bad31875b42e77e6f1fecdea30', 'Busan port opens automated container terminal to ease congestion', '[es] Busan port opens automated container terminal to ease congestion', '2026-12-01 20:46:32.039518+00');
INSERT INTO public.translation_memory VALUES (14, 'double', 'double-en-es-1', 'en', 'es', '12b70eb4d2fb86626cbdf8a8c4060351916c77d81b28647b5fa5dc477c9258e5', 'South Korea''s largest port opened a fully automated container terminal on Friday, aiming to cut the waiting time of cargo ships that has grown over the past two years.', '[es] South Korea''s largest port opened a fully automated container terminal on Friday, aiming to cut the waiting time of cargo ships that has grown over the past two years.', '2026-12-01 20:46:32.039526+00');
INSERT INTO public.translation_memory VALUES (15, 'double', 'double-en-es-1', 'en', 'es', '02b72d34705b5ac6ce45f95ccae935136fac8df472686f03acab5c215ce72bdf', 'The new terminal can handle about two million standard containers a year, according to the port authority.', '[es] The new terminal can handle about two million standard containers a year, according to the port authority.', '2026-12-01 20:46:32.039528+00');
INSERT INTO public.translation_memory VALUES (16, 'double', 'double-en-es-1', 'en', 'es', '49039b1bb442cbdff89d8e2943311f370431a8a425180d51c4dfd401e8121314', 'The port authority plans to automate two older terminals by the end of the decade.', '[es] The port authority plans to automate two older terminals by the end of the decade.', '2026-12-01 20:46:32.039529+00');
INSERT INTO public.translation_memory VALUES (17, 'double', 'double-en-es-1', 'en', 'es', 'bcde836a28aac11dfb98392fbcf7a5c77194dfc4d373d22f54548cbdb1b4dfe0', 'Seoul, Gyeonggi agree to extend suburban express rail line', '[es] Seoul, Gyeonggi agree to extend suburban express rail line', '2026-12-01 20:46:32.03953+00');
INSERT INTO public.translation_memory VALUES (18, 'double', 'double-en-es-1', 'en', 'es', 'bc9e0d0beb765d32bfa9495e9f801b709a84a4c0a559429259397c7516a6a630', 'Seoul city and Gyeonggi Province agreed on Thursday to extend a suburban express rail line by 14 kilometres, a project meant to shorten commutes for about 300,000 residents.', '[es] Seoul city and Gyeonggi Province agreed on Thursday to extend a suburban express rail line by 14 kilometres, a project meant to shorten commutes for about 300,000 residents.', '2026-12-01 20:46:32.03953+00');
INSERT INTO public.translation_memory VALUES (19, 'double', 'double-en-es-1', 'en', 'es', '9947c93bfda0ba85e5b6d2e44e5fa58dfb8ff1e797ced60956f06e681cb64aab', 'The transport ministry is expected to approve the plan after a feasibility review early next year.', '[es] The transport ministry is expected to approve the plan after a feasibility review early next year.', '2026-12-01 20:46:32.039531+00');
INSERT INTO public.translation_memory VALUES (20, 'double', 'double-en-es-1', 'en', 'es', 'b5ebed332d6768b9dc250ab5963c2288d443abef4ee67d2e4ef0a1d720245217', 'A ministry official said the review would also study whether freight trains could use the line at night.', '[es] A ministry official said the review would also study whether freight trains could use the line at night.', '2026-12-01 20:46:32.039532+00');
INSERT INTO public.translation_memory VALUES (21, 'double', 'double-en-es-1', 'en', 'es', 'e8438c6dfd603d638a6004fd30cfd1f62497b9262077354a475e0f78af06dee1', 'South Korea''s chip exports rise for fifth month on server demand', '[es] South Korea''s chip exports rise for fifth month on server demand', '2026-12-01 20:46:32.039533+00');
INSERT INTO public.translation_memory VALUES (22, 'double', 'double-en-es-1', 'en', 'es', 'dd2a670263e9aa06a599e98e5f18d16d246c2557efda8240937ace23176d9f57', 'South Korea''s semiconductor exports rose for a fifth straight month in October, trade ministry data showed on Wednesday, as demand for memory used in data-centre servers stayed strong.', '[es] South Korea''s semiconductor exports rose for a fifth straight month in October, trade ministry data showed on Wednesday, as demand for memory used in data-centre servers stayed strong.', '2026-12-01 20:46:32.039534+00');
INSERT INTO public.translation_memory VALUES (23, 'double', 'double-en-es-1', 'en', 'es', '1be88b0c25cafb7b578dd3bd98b5f271ea26cb286fc9867d00e71e03334790f3', 'Chip shipments climbed 18.4% from a year earlier to $13.2 billion, the ministry said.', '[es] Chip shipments climbed 18.4% from a year earlier to $13.2 billion, the ministry said.', '2026-12-01 20:46:32.039535+00');
INSERT INTO public.translation_memory VALUES (24, 'double', 'double-en-es-1', 'en', 'es', 'e367916efe51105e91de7add296345124288374085649699ec86d9ba52405e15', 'Analysts said prices for high-bandwidth memory chips were likely to stay firm into next year.', '[es] Analysts said prices for high-bandwidth memory chips were likely to stay firm into next year.', '2026-12-01 20:46:32.039535+00');
INSERT INTO public.translation_memory VALUES (25, 'double', 'double-en-es-1', 'en', 'es', 'db003568e8c578f0769d27e868becd5ce31535f3d3ec0c056bc265bf3dccd212', 'Cranes and yard vehicles at the site are run from a control room, with human operators stepping in only when sensors report a fault.', '[es] Cranes and yard vehicles at the site are run from a control room, with human operators stepping in only when sensors report a fault.', '2026-12-01 20:46:32.241645+00');
INSERT INTO public.translation_memory VALUES (26, 'double', 'double-en-es-1', 'en', 'es', '5780c303cf94ce74d2390de1b538a0c2af936bc84d06c836ba33aee4382591ff', 'Shipping lines had complained that vessels were anchoring offshore for up to three days during the summer peak.', '[es] Shipping lines had complained that vessels were anchoring offshore for up to three days during the summer peak.', '2026-12-01 20:46:32.241653+00');
INSERT INTO public.translation_memory VALUES (27, 'double', 'double-en-es-1', 'en', 'es', '27e320494e0561debe2165a0f186cec17b73eb21e9bea38dcca7bd21bcefeb87', 'Port officials said the terminal would cut that wait to less than a day once it reaches full capacity next spring.', '[es] Port officials said the terminal would cut that wait to less than a day once it reaches full capacity next spring.', '2026-12-01 20:46:32.241654+00');
INSERT INTO public.translation_memory VALUES (28, 'double', 'double-en-es-1', 'en', 'es', 'fe8e2384212f5b057008b24ed8d652c7c323865c92eb59c3616eaf72d669073a', 'The project cost about 1.4 trillion won and took five years to build, including a new breakwater.', '[es] The project cost about 1.4 trillion won and took five years to build, including a new breakwater.', '2026-12-01 20:46:32.241655+00');
INSERT INTO public.translation_memory VALUES (29, 'double', 'double-en-es-1', 'en', 'es', '748445c1abac9c05d8ec6ea7a619842e2376274fb8dbb5370a8d8e870b4deb05', 'Labour unions said they had agreed to the plan after the operator promised to retrain crane drivers as remote operators.', '[es] Labour unions said they had agreed to the plan after the operator promised to retrain crane drivers as remote operators.', '2026-12-01 20:46:32.241656+00');


--
-- Data for Name: translations; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.translations VALUES (1, 1, 'ko', false, 'done', NULL, 'double', 'double-en-ko-1', '[ko] Busan port opens automated container terminal to ease congestion', '[0, 1, 7]', '["[ko] South Korea''s largest port opened a fully automated container terminal on Friday, aiming to cut the waiting time of cargo ships that has grown over the past two years.", "[ko] The new terminal can handle about two million standard containers a year, according to the port authority.", "[ko] The port authority plans to automate two older terminals by the end of the decade."]', 'machine', '2026-12-01 20:46:31.973461+00', '2026-12-01 20:46:31.973467+00');
INSERT INTO public.translations VALUES (2, 3, 'ko', false, 'done', NULL, 'double', 'double-en-ko-1', '[ko] Seoul, Gyeonggi agree to extend suburban express rail line', '[0, 4, 5]', '["[ko] Seoul city and Gyeonggi Province agreed on Thursday to extend a suburban express rail line by 14 kilometres, a project meant to shorten commutes for about 300,000 residents.", "[ko] The transport ministry is expected to approve the plan after a feasibility review early next year.", "[ko] A ministry official said the review would also study whether freight trains could use the line at night."]', 'machine', '2026-12-01 20:46:31.981069+00', '2026-12-01 20:46:31.981077+00');
INSERT INTO public.translations VALUES (3, 4, 'ko', false, 'done', NULL, 'double', 'double-en-ko-1', '[ko] South Korea''s chip exports rise for fifth month on server demand', '[0, 1, 4]', '["[ko] South Korea''s semiconductor exports rose for a fifth straight month in October, trade ministry data showed on Wednesday, as demand for memory used in data-centre servers stayed strong.", "[ko] Chip shipments climbed 18.4% from a year earlier to $13.2 billion, the ministry said.", "[ko] Analysts said prices for high-bandwidth memory chips were likely to stay firm into next year."]', 'machine', '2026-12-01 20:46:31.985088+00', '2026-12-01 20:46:31.985095+00');
INSERT INTO public.translations VALUES (4, 1, 'es', false, 'done', NULL, 'double', 'double-en-es-1', '[es] Busan port opens automated container terminal to ease congestion', '[0, 1, 7]', '["[es] South Korea''s largest port opened a fully automated container terminal on Friday, aiming to cut the waiting time of cargo ships that has grown over the past two years.", "[es] The new terminal can handle about two million standard containers a year, according to the port authority.", "[es] The port authority plans to automate two older terminals by the end of the decade."]', 'machine', '2026-12-01 20:46:32.043921+00', '2026-12-01 20:46:32.043928+00');
INSERT INTO public.translations VALUES (5, 3, 'es', false, 'done', NULL, 'double', 'double-en-es-1', '[es] Seoul, Gyeonggi agree to extend suburban express rail line', '[0, 4, 5]', '["[es] Seoul city and Gyeonggi Province agreed on Thursday to extend a suburban express rail line by 14 kilometres, a project meant to shorten commutes for about 300,000 residents.", "[es] The transport ministry is expected to approve the plan after a feasibility review early next year.", "[es] A ministry official said the review would also study whether freight trains could use the line at night."]', 'machine', '2026-12-01 20:46:32.04787+00', '2026-12-01 20:46:32.047876+00');
INSERT INTO public.translations VALUES (6, 4, 'es', false, 'done', NULL, 'double', 'double-en-es-1', '[es] South Korea''s chip exports rise for fifth month on server demand', '[0, 1, 4]', '["[es] South Korea''s semiconductor exports rose for a fifth straight month in October, trade ministry data showed on Wednesday, as demand for memory used in data-centre servers stayed strong.", "[es] Chip shipments climbed 18.4% from a year earlier to $13.2 billion, the ministry said.", "[es] Analysts said prices for high-bandwidth memory chips were likely to stay firm into next year."]', 'machine', '2026-12-01 20:46:32.051637+00', '2026-12-01 20:46:32.051643+00');
INSERT INTO public.translations VALUES (7, 5, 'es', false, 'pending', 'no ko→es model installed, nor a pivot through en (no ko→en model installed)', NULL, NULL, NULL, '[]', '[]', 'machine', '2026-12-01 20:46:32.055918+00', '2026-12-01 20:46:32.055924+00');
INSERT INTO public.translations VALUES (8, 1, 'es', true, 'done', NULL, 'double', 'double-en-es-1', '[es] Busan port opens automated container terminal to ease congestion', '[0, 1, 2, 3, 4, 5, 6, 7]', '["[es] South Korea''s largest port opened a fully automated container terminal on Friday, aiming to cut the waiting time of cargo ships that has grown over the past two years.", "[es] The new terminal can handle about two million standard containers a year, according to the port authority.", "[es] Cranes and yard vehicles at the site are run from a control room, with human operators stepping in only when sensors report a fault.", "[es] Shipping lines had complained that vessels were anchoring offshore for up to three days during the summer peak.", "[es] Port officials said the terminal would cut that wait to less than a day once it reaches full capacity next spring.", "[es] The project cost about 1.4 trillion won and took five years to build, including a new breakwater.", "[es] Labour unions said they had agreed to the plan after the operator promised to retrain crane drivers as remote operators.", "[es] The port authority plans to automate two older terminals by the end of the decade."]', 'machine', '2026-12-01 20:46:32.247166+00', '2026-12-01 20:46:32.247174+00');


--
-- Name: dispatches_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.dispatches_id_seq', 4, true);


--
-- Name: jobs_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.jobs_id_seq', 15, true);


--
-- Name: revisions_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.revisions_id_seq', 5, true);


--
-- Name: sentences_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.sentences_id_seq', 26, true);


--
-- Name: summaries_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.summaries_id_seq', 4, true);


--
-- Name: translation_memory_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.translation_memory_id_seq', 29, true);


--
-- Name: translations_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.translations_id_seq', 8, true);


--
-- Name: dispatches dispatches_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.dispatches
    ADD CONSTRAINT dispatches_pkey PRIMARY KEY (id);


--
-- Name: jobs jobs_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.jobs
    ADD CONSTRAINT jobs_pkey PRIMARY KEY (id);


--
-- Name: jobs jobs_stage_revision_id_language_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.jobs
    ADD CONSTRAINT jobs_stage_revision_id_language_key UNIQUE (stage, revision_id, language);


--
-- Name: revisions revisions_dispatch_id_number_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.revisions
    ADD CONSTRAINT revisions_dispatch_id_number_key UNIQUE (dispatch_id, number);


--
-- Name: revisions revisions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.revisions
    ADD CONSTRAINT revisions_pkey PRIMARY KEY (id);


--
-- Name: search_documents search_documents_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.search_documents
    ADD CONSTRAINT search_documents_pkey PRIMARY KEY (revision_id, language);


--
-- Name: search_state search_state_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.search_state
    ADD CONSTRAINT search_state_pkey PRIMARY KEY (revision_id, language);


--
-- Name: sentences sentences_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sentences
    ADD CONSTRAINT sentences_pkey PRIMARY KEY (id);


--
-- Name: sentences sentences_revision_id_index_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sentences
    ADD CONSTRAINT sentences_revision_id_index_key UNIQUE (revision_id, index);


--
-- Name: summaries summaries_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.summaries
    ADD CONSTRAINT summaries_pkey PRIMARY KEY (id);


--
-- Name: summaries summaries_revision_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.summaries
    ADD CONSTRAINT summaries_revision_id_key UNIQUE (revision_id);


--
-- Name: translation_memory translation_memory_engine_model_version_source_lang_target__key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.translation_memory
    ADD CONSTRAINT translation_memory_engine_model_version_source_lang_target__key UNIQUE (engine, model_version, source_lang, target_lang, source_hash);


--
-- Name: translation_memory translation_memory_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.translation_memory
    ADD CONSTRAINT translation_memory_pkey PRIMARY KEY (id);


--
-- Name: translations translations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.translations
    ADD CONSTRAINT translations_pkey PRIMARY KEY (id);


--
-- Name: translations translations_revision_id_language_full_text_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.translations
    ADD CONSTRAINT translations_revision_id_language_full_text_key UNIQUE (revision_id, language, full_text);


--
-- Name: ix_dispatches_current_revision_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_dispatches_current_revision_id ON public.dispatches USING btree (current_revision_id);


--
-- Name: ix_dispatches_story_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_dispatches_story_key ON public.dispatches USING btree (story_key);


--
-- Name: ix_dispatches_updated_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_dispatches_updated_at ON public.dispatches USING btree (updated_at);


--
-- Name: ix_jobs_revision_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_jobs_revision_id ON public.jobs USING btree (revision_id);


--
-- Name: ix_revisions_content_hash; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_revisions_content_hash ON public.revisions USING btree (content_hash);


--
-- Name: ix_revisions_dispatch_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_revisions_dispatch_id ON public.revisions USING btree (dispatch_id);


--
-- Name: ix_revisions_ingested_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_revisions_ingested_at ON public.revisions USING btree (ingested_at);


--
-- Name: ix_revisions_published_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_revisions_published_at ON public.revisions USING btree (published_at);


--
-- Name: ix_sentences_revision_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_sentences_revision_id ON public.sentences USING btree (revision_id);


--
-- Name: ix_summaries_created_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_summaries_created_at ON public.summaries USING btree (created_at);


--
-- Name: ix_translations_language; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_translations_language ON public.translations USING btree (language);


--
-- Name: ix_translations_revision_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_translations_revision_id ON public.translations USING btree (revision_id);


--
-- Name: ix_translations_updated_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_translations_updated_at ON public.translations USING btree (updated_at);


--
-- Name: search_documents_document; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX search_documents_document ON public.search_documents USING gin (document);


--
-- Name: jobs jobs_revision_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.jobs
    ADD CONSTRAINT jobs_revision_id_fkey FOREIGN KEY (revision_id) REFERENCES public.revisions(id) ON DELETE CASCADE;


--
-- Name: revisions revisions_dispatch_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.revisions
    ADD CONSTRAINT revisions_dispatch_id_fkey FOREIGN KEY (dispatch_id) REFERENCES public.dispatches(id) ON DELETE CASCADE;


--
-- Name: sentences sentences_revision_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sentences
    ADD CONSTRAINT sentences_revision_id_fkey FOREIGN KEY (revision_id) REFERENCES public.revisions(id) ON DELETE CASCADE;


--
-- Name: summaries summaries_revision_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.summaries
    ADD CONSTRAINT summaries_revision_id_fkey FOREIGN KEY (revision_id) REFERENCES public.revisions(id) ON DELETE CASCADE;


--
-- Name: translations translations_revision_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.translations
    ADD CONSTRAINT translations_revision_id_fkey FOREIGN KEY (revision_id) REFERENCES public.revisions(id) ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--

\unrestrict 3lzECgKhZr6yCogBjr6tTHaG3jDBBEMfifNNd5xYIt2ganGYYhHFGIbZuqkEA9B

